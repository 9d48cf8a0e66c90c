package workflow

// This file defines the alias check. A frame stores each live local as its
// own JSON value, so two locals that share memory before an await are two
// separate copies after a resume. The check tracks the locals that hold the
// address of another local (p := &x, p := &x.f, p := &xs[i], also through
// composite literals, appends and copies p2 := p) and reports an await
// across which such a pointer is live together with the local it points
// into, or with another pointer into the same local. A pointer live across
// an await alone is fine: it is stored as the value it points to.

import (
	"go/ast"
	"go/token"
	"go/types"
)

// addrOf is one place where the address of a local is taken.
type addrOf struct {
	target *types.Var
	pos    token.Pos
}

func (c *checker) checkAlias(fn *Func, lv *Liveness) {
	local := func(e ast.Expr) *types.Var {
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := c.info.ObjectOf(id).(*types.Var)
		if v == nil || v.IsField() || v.Pos() < fn.Decl.Pos() || v.Pos() >= fn.Decl.End() || v == fn.Ctx {
			return nil
		}
		return v
	}
	// root returns the local whose memory e designates: x in x, x.f, x[i].
	var root func(e ast.Expr) *types.Var
	root = func(e ast.Expr) *types.Var {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return local(e)
		case *ast.SelectorExpr:
			if sel, ok := c.info.Selections[e]; ok && sel.Kind() == types.FieldVal && !sel.Indirect() {
				return root(e.X)
			}
		case *ast.IndexExpr:
			if t := c.info.TypeOf(e.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Array, *types.Slice:
					return root(e.X)
				}
			}
		}
		return nil
	}
	sources := map[*types.Var][]addrOf{}
	add := func(p *types.Var, a addrOf) bool {
		if p == nil || p == a.target {
			return false
		}
		for _, s := range sources[p] {
			if s.target == a.target {
				return false
			}
		}
		sources[p] = append(sources[p], a)
		return true
	}
	// flows returns the addresses that e may hold.
	flows := func(e ast.Expr) []addrOf {
		var out []addrOf
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if v := root(n.X); v != nil {
						out = append(out, addrOf{v, n.Pos()})
					}
				}
			case *ast.Ident:
				if v := local(n); v != nil {
					out = append(out, sources[v]...)
				}
			}
			return true
		})
		return out
	}
	mayHoldPointer := func(v *types.Var) bool {
		switch v.Type().Underlying().(type) {
		case *types.Basic, *types.Signature, *types.Chan:
			return false
		}
		return true
	}
	assign := func(lhs, rhs []ast.Expr) bool {
		changed := false
		for i, l := range lhs {
			p := local(ast.Unparen(l))
			if p == nil || !mayHoldPointer(p) {
				continue
			}
			var rs []ast.Expr
			if len(lhs) == len(rhs) {
				rs = rhs[i : i+1]
			} else {
				rs = rhs
			}
			for _, r := range rs {
				for _, a := range flows(r) {
					if add(p, a) {
						changed = true
					}
				}
			}
		}
		return changed
	}
	for changed := true; changed; {
		changed = false
		ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if assign(n.Lhs, n.Rhs) {
					changed = true
				}
			case *ast.ValueSpec:
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				if assign(lhs, n.Values) {
					changed = true
				}
			}
			return true
		})
	}
	if len(sources) == 0 {
		return
	}
	type pair struct{ p, x *types.Var }
	done := map[pair]bool{}
	for _, a := range fn.Awaits {
		live := map[*types.Var]bool{}
		for _, v := range lv.Across[a.Call] {
			live[v] = true
		}
		holder := map[*types.Var]*types.Var{} // target -> first live pointer into it
		for _, p := range lv.Across[a.Call] {
			for _, s := range sources[p] {
				if live[s.target] {
					if !done[pair{p, s.target}] {
						done[pair{p, s.target}] = true
						c.errorf(s.pos, CheckAlias, "%s holds the address of %s and both are live across %s (line %d); a resume restores them as two separate values, so writes through %s would no longer reach %s; take the address again after the await, or keep only one of them live across it",
							p.Name(), s.target.Name(), AwaitName(a), c.line(a.Call.Pos()), p.Name(), s.target.Name())
					}
					continue
				}
				if q := holder[s.target]; q != nil && q != p {
					if !done[pair{p, s.target}] {
						done[pair{p, s.target}] = true
						c.errorf(s.pos, CheckAlias, "%s and %s both hold the address of %s and are live across %s (line %d); a resume restores them as two separate values, so a write through one would no longer show through the other; take the address again after the await, or keep only one of them live across it",
							q.Name(), p.Name(), s.target.Name(), AwaitName(a), c.line(a.Call.Pos()))
					}
					continue
				}
				holder[s.target] = p
			}
		}
	}
}

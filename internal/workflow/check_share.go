package workflow

// This file defines the second half of the alias check: two locals that
// share storage — one map, one slice's backing array, one pointed-to value —
// and are both live across an await. A checkpoint saves each local on its
// own, so after a resume they would be two copies and a write through one
// would not show in the other. (The first half, check_alias.go, is the
// address of a local kept with the local.) Also refused: a range loop over a
// map that its body reassigns while it awaits, since the loop must go on over
// the map it started with, which a resume cannot find again.
//
// The sharing is found by a union of locals over the assignments of the
// workflow body: a := e shares a with every local of a sharing type that e
// yields without copying (e itself, a slice of it, append to it, a composite
// literal holding it, a conversion of it). A call's result may be a part of
// the storage of its receiver and arguments, unless the call is known to
// return storage of its own (check_sharecall.go). It is conservative along
// paths: a shared pair is reported if the assignment can happen at all, and
// if the body writes through one of the two (an element, a field through a
// pointer, delete, clear, copy): locals that share storage but are only read
// are fine. Writes made inside a callee are not looked at.

import (
	"go/ast"
	"go/token"
	"go/types"
)

func (c *checker) checkShare(fn *Func, lv *Liveness) {
	parent := map[*types.Var]*types.Var{}
	var find func(v *types.Var) *types.Var
	find = func(v *types.Var) *types.Var {
		p, ok := parent[v]
		if !ok || p == v {
			return v
		}
		r := find(p)
		parent[v] = r
		return r
	}
	union := func(a, b *types.Var) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[ra] = rb
		}
	}
	local := func(id *ast.Ident) *types.Var {
		v, _ := c.info.ObjectOf(id).(*types.Var)
		if v == nil || v.IsField() || v == fn.Ctx || !IsLocal(fn, v) {
			return nil
		}
		return v
	}
	// A part-edge links a local to the local it holds a part of (p :=
	// in.Plan, or m := t.Counts()): p shares with in, but two parts of in
	// need not share with each other. call is the call whose result the
	// part may be, nil for a field or element.
	type edge struct {
		part, whole *types.Var
		call        *ast.CallExpr
	}
	var parts []edge
	var partOf *types.Var // set while yields looks inside a field or element
	// yields returns the locals of a sharing type whose storage e may be.
	var yields func(e ast.Expr) []*types.Var
	yields = func(e ast.Expr) []*types.Var {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			if v := local(e); v != nil && sharing(v.Type()) {
				return []*types.Var{v}
			}
		case *ast.SliceExpr:
			return yields(e.X)
		case *ast.TypeAssertExpr:
			// The dynamic value of an interface (marked
			// //durgen:persist) may be a pointer, a map or a slice.
			return yields(e.X)
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
			// A field or element of a sharing type shares with its
			// holder's storage.
			if sharing(c.info.TypeOf(e)) {
				var x ast.Expr
				switch e := e.(type) {
				case *ast.SelectorExpr:
					x = e.X
				case *ast.IndexExpr:
					x = e.X
				case *ast.StarExpr:
					x = e.X
				}
				for _, w := range yields(x) {
					parts = append(parts, edge{partOf, w, nil})
				}
				return nil
			}
		case *ast.CompositeLit:
			var vs []*types.Var
			for _, el := range e.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				vs = append(vs, yields(el)...)
			}
			return vs
		case *ast.CallExpr:
			if c.isConversion(e) {
				return yields(e.Args[0])
			}
			if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && id.Name == "append" && len(e.Args) > 0 {
				if _, builtin := c.info.Uses[id].(*types.Builtin); builtin {
					return yields(e.Args[0])
				}
			}
			res := c.info.TypeOf(e)
			if _, tuple := res.(*types.Tuple); tuple || res == nil {
				res = partOf.Type()
			}
			for _, w := range c.callRoots(fn, e, res, local) {
				if w != partOf {
					parts = append(parts, edge{partOf, w, e})
				}
			}
		}
		return nil
	}
	assign := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v := local(id)
		if v == nil || !sharing(v.Type()) {
			return
		}
		partOf = v
		for _, w := range yields(rhs) {
			if w != v {
				union(v, w)
			}
		}
	}
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) {
				for i := range n.Lhs {
					assign(n.Lhs[i], n.Rhs[i])
				}
			} else if len(n.Rhs) == 1 && (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) {
				if _, call := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); call {
					for _, l := range n.Lhs {
						assign(l, n.Rhs[0])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					assign(n.Names[i], n.Values[i])
				}
			} else if len(n.Values) == 1 {
				if _, call := ast.Unparen(n.Values[0]).(*ast.CallExpr); call {
					for _, id := range n.Names {
						assign(id, n.Values[0])
					}
				}
			}
		case *ast.RangeStmt:
			c.checkRangeReassign(fn, n, local)
		}
		return true
	})
	// written holds the locals whose shared storage the body writes
	// through: x[i] = v, x.f = v through a pointer, *x = v, x[i]++,
	// delete(x, k), clear(x), copy(x, y).
	written := map[*types.Var]bool{}
	var rootOf func(e ast.Expr, through bool) *types.Var
	rootOf = func(e ast.Expr, through bool) *types.Var {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			if through {
				return local(e)
			}
		case *ast.IndexExpr:
			if t := c.info.TypeOf(e.X); t != nil {
				if _, isArray := t.Underlying().(*types.Array); isArray {
					return rootOf(e.X, through)
				}
			}
			return rootOf(e.X, true)
		case *ast.SelectorExpr:
			if sel, ok := c.info.Selections[e]; ok && sel.Kind() == types.FieldVal {
				return rootOf(e.X, through || sel.Indirect())
			}
		case *ast.StarExpr:
			return rootOf(e.X, true)
		}
		return nil
	}
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		mark := func(e ast.Expr) {
			if v := rootOf(e, false); v != nil {
				written[v] = true
			}
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) > 0 {
				if _, builtin := c.info.Uses[id].(*types.Builtin); builtin {
					switch id.Name {
					case "delete", "clear", "copy":
						if x, ok := ast.Unparen(n.Args[0]).(*ast.Ident); ok {
							if v := local(x); v != nil {
								written[v] = true
							}
						} else {
							mark(n.Args[0])
						}
					}
				}
			}
		}
		return true
	})
	type pair struct{ a, b *types.Var }
	reported := map[pair]bool{}
	for _, aw := range fn.Awaits {
		live := lv.Across[aw.Call]
		for i, a := range live {
			for _, b := range live[i+1:] {
				shared := find(a) == find(b)
				// via is the call through which a part of one may be
				// the storage of the other, when they share no other way.
				var via *edge
				for i, e := range parts {
					pa, pw := find(e.part), find(e.whole)
					if pa == find(a) && pw == find(b) || pa == find(b) && pw == find(a) {
						if e.call == nil {
							shared = true
						} else if via == nil {
							via = &parts[i]
						}
					}
				}
				if !shared && via == nil || reported[pair{a, b}] || !written[a] && !written[b] {
					continue
				}
				reported[pair{a, b}] = true
				if !shared {
					part, whole := a, b
					if find(via.part) != find(a) {
						part, whole = b, a
					}
					call := types.ExprString(via.call.Fun) + "()"
					if len(via.call.Args) > 0 {
						call = types.ExprString(via.call.Fun) + "(...)"
					}
					storage, out := storageOf(part.Type()), "call "+call+" again after the await, or copy on purpose (slices.Clone, maps.Clone)"
					if c.isShallowCopy(via.call) {
						storage, out = "the values its elements refer to", "copy the elements too, or keep one variable"
					}
					c.errorf(part.Pos(), CheckAlias, "%s may share %s with %s, as the result of %s at line %d, and both are live across %s at line %d: a checkpoint saves each on its own, so after a resume a write through one would not show in the other; %s",
						part.Name(), storage, whole.Name(), call, c.line(via.call.Pos()), AwaitName(aw), c.line(aw.Call.Pos()), out)
					continue
				}
				later, earlier := b, a
				if later.Pos() < earlier.Pos() {
					later, earlier = earlier, later
				}
				c.errorf(later.Pos(), CheckAlias, "%s shares %s with %s, and both are live across %s at line %d: a checkpoint saves each on its own, so after a resume a write through one would not show in the other; keep one variable, or copy on purpose (slices.Clone, maps.Clone)",
					later.Name(), storageOf(later.Type()), earlier.Name(), AwaitName(aw), c.line(aw.Call.Pos()))
			}
		}
	}
}

// checkRangeReassign refuses a range over a map held in a local that the
// loop's body assigns while the body awaits.
func (c *checker) checkRangeReassign(fn *Func, r *ast.RangeStmt, local func(*ast.Ident) *types.Var) {
	id, ok := ast.Unparen(r.X).(*ast.Ident)
	if !ok {
		return
	}
	v := local(id)
	if v == nil {
		return
	}
	if _, isMap := v.Type().Underlying().(*types.Map); !isMap {
		return
	}
	awaits := false
	for _, aw := range fn.Awaits {
		if aw.Call.Pos() >= r.Body.Pos() && aw.Call.End() <= r.Body.End() {
			awaits = true
		}
	}
	if !awaits {
		return
	}
	var at token.Pos
	ast.Inspect(r.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && at == token.NoPos {
			for _, l := range as.Lhs {
				if lid, ok := ast.Unparen(l).(*ast.Ident); ok && local(lid) == v {
					at = as.Pos()
				}
			}
		}
		return at == token.NoPos
	})
	if at != token.NoPos {
		c.errorf(at, CheckAlias, "%s is assigned inside a range over it that awaits: the loop goes on over the map %s held when it started, which a resume cannot find again; range over a copy of the keys, or assign another variable", v.Name(), v.Name())
	}
}

// sharing reports whether values of type t share storage when copied.
func sharing(t types.Type) bool {
	return sharingType(t, map[types.Type]bool{})
}

func sharingType(t types.Type, seen map[types.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map:
		return true
	case *types.Interface:
		// Its dynamic value may be a pointer, a map or a slice. An error
		// is stored as its message: it shares nothing after a resume.
		return !isError(t)
	case *types.Array:
		return sharingType(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if sharingType(u.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// storageOf names what values of type t share.
func storageOf(t types.Type) string {
	switch t.Underlying().(type) {
	case *types.Map:
		return "a map"
	case *types.Slice:
		return "a backing array"
	case *types.Pointer:
		return "a pointed-to value"
	case *types.Interface:
		return "its dynamic value"
	}
	return "storage"
}

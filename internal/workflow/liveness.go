package workflow

// This file defines the liveness analysis that decides which locals of a
// workflow are saved in its frame: a local is hoisted if and only if it is
// live across an await point, that is, live immediately after the awaited
// call returns (when the workflow resumes) and not assigned by that call's
// own statement first.
//
// The algorithm is the textbook backward dataflow over the blocks of
// go/cfg: in(b) = use(b) ∪ (out(b) − def(b)), out(b) = ∪ in(succ), iterated
// to a fixed point, then walked backward through each block's nodes to get
// the set live after each node. Within the node that holds an await, the uses
// that happen after the call returns are added: operands that Go evaluates
// after the call (positioned after it) and the operands of an assignment's
// left-hand side, which the generated code uses when it stores the result.
// Operands evaluated before the call are the generator's spill temporaries,
// not locals of the source.
//
// The analysis is conservative where Go's semantics are dynamic: a variable
// used inside a function literal counts as used where the literal appears; an
// assignment through a selector, index or pointer (x.f = v) uses x and does not
// kill it; a bare return uses every named result.

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/cfg"
)

// Liveness holds the locals a workflow must save, by await point.
type Liveness struct {
	// Across maps each await call to the locals live across it, in order of
	// declaration. The durgen.Context parameter and a method's receiver are
	// never among them: the runtime supplies them at every step.
	Across map[*ast.CallExpr][]*types.Var
	// Entry lists the parameters live at the workflow's entry, label 0, in
	// order of declaration.
	Entry []*types.Var
}

// Hoisted returns every local live across some await or at entry, in order of
// declaration: the frame's fields.
func (l *Liveness) Hoisted() []*types.Var {
	seen := map[*types.Var]bool{}
	var vars []*types.Var
	add := func(vs []*types.Var) {
		for _, v := range vs {
			if !seen[v] {
				seen[v] = true
				vars = append(vars, v)
			}
		}
	}
	add(l.Entry)
	for _, vs := range l.Across {
		add(vs)
	}
	sortVars(vars)
	return vars
}

type varSet map[*types.Var]bool

func (s varSet) addAll(o varSet) bool {
	changed := false
	for v := range o {
		if !s[v] {
			s[v] = true
			changed = true
		}
	}
	return changed
}

// Live computes the liveness of fn's locals at its await points.
func Live(fn *Func, info *types.Info) *Liveness {
	lv := &Liveness{Across: map[*ast.CallExpr][]*types.Var{}}
	body := fn.Decl.Body
	if body == nil {
		return lv
	}
	a := &liveness{fn: fn, info: info, rangeOf: map[ast.Node]*ast.RangeStmt{}, typeSwitchOf: map[ast.Node]*ast.TypeSwitchStmt{}}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if n.Key != nil {
				a.rangeOf[n.Key] = n
			}
			if n.Value != nil {
				a.rangeOf[n.Value] = n
			}
		case *ast.TypeSwitchStmt:
			a.typeSwitchOf[n.Assign] = n
		}
		return true
	})
	g := cfg.New(body, mayReturn)

	// Block summaries.
	n := len(g.Blocks)
	use, def := make([]varSet, n), make([]varSet, n)
	for _, b := range g.Blocks {
		u, d := varSet{}, varSet{}
		nodes := a.nodes(b)
		for i := len(nodes) - 1; i >= 0; i-- {
			nu, nd := a.useDef(nodes[i])
			for v := range nd {
				delete(u, v)
				d[v] = true
			}
			for _, r := range nu {
				u[r.v] = true
			}
		}
		use[b.Index], def[b.Index] = u, d
	}
	in, out := make([]varSet, n), make([]varSet, n)
	for i := range in {
		in[i], out[i] = varSet{}, varSet{}
	}
	for changed := true; changed; {
		changed = false
		for i := n - 1; i >= 0; i-- {
			b := g.Blocks[i]
			for _, s := range b.Succs {
				out[i].addAll(in[s.Index])
			}
			newIn := varSet{}
			newIn.addAll(use[i])
			for v := range out[i] {
				if !def[i][v] {
					newIn[v] = true
				}
			}
			if in[i].addAll(newIn) {
				changed = true
			}
		}
	}

	// Per-node: walk each block backward from out.
	awaitAt := map[*ast.CallExpr]bool{}
	for _, aw := range fn.Awaits {
		awaitAt[aw.Call] = true
	}
	for _, b := range g.Blocks {
		live := varSet{}
		live.addAll(out[b.Index])
		nodes := a.nodes(b)
		for i := len(nodes) - 1; i >= 0; i-- {
			node := nodes[i]
			uses, defs := a.useDef(node)
			if node.Pos().IsValid() {
				for _, call := range awaitsIn(node, awaitAt) {
					across := varSet{}
					for v := range live {
						if !defs[v] {
							across[v] = true
						}
					}
					for _, r := range uses {
						if r.after || r.pos > call.End() {
							across[r.v] = true
						}
					}
					lv.Across[call] = a.sorted(across)
				}
			}
			for v := range defs {
				delete(live, v)
			}
			for _, r := range uses {
				live[r.v] = true
			}
		}
	}
	entry := varSet{}
	if len(g.Blocks) > 0 {
		entry = in[0]
	}
	params := varSet{}
	for v := range entry {
		if v.Pos() < body.Lbrace {
			params[v] = true
		}
	}
	lv.Entry = a.sorted(params)
	return lv
}

type liveness struct {
	fn           *Func
	info         *types.Info
	rangeOf      map[ast.Node]*ast.RangeStmt
	typeSwitchOf map[ast.Node]*ast.TypeSwitchStmt
}

// ref is one use of a local.
type ref struct {
	v   *types.Var
	pos token.Pos
	// after marks a use that happens after the node's calls return (the
	// operands of an assignment's left-hand side).
	after bool
}

// rangeDef stands for the assignment of a range loop's key and value at the
// top of each iteration; go/cfg puts the key and value expressions before the
// loop, so the analysis moves them to the loop body's entry.
type rangeDef struct{ *ast.RangeStmt }

// nodes returns b's nodes with range keys and values moved to the body.
func (a *liveness) nodes(b *cfg.Block) []ast.Node {
	var nodes []ast.Node
	if b.Kind == cfg.KindRangeBody {
		nodes = append(nodes, rangeDef{b.Stmt.(*ast.RangeStmt)})
	}
	for _, n := range b.Nodes {
		if _, ok := a.rangeOf[n]; ok {
			continue
		}
		nodes = append(nodes, n)
	}
	return nodes
}

// useDef returns the locals node uses (in source order) and defines.
func (a *liveness) useDef(node ast.Node) ([]ref, varSet) {
	var uses []ref
	defs := varSet{}
	useIn := func(n ast.Node, after bool) {
		if n == nil {
			return
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v := a.local(a.info.Uses[id]); v != nil {
					uses = append(uses, ref{v, id.Pos(), after})
				}
			}
			return true
		})
	}
	define := func(e ast.Expr, after bool) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			obj := a.info.Defs[id]
			if obj == nil {
				obj = a.info.Uses[id]
			}
			if v := a.local(obj); v != nil {
				defs[v] = true
			}
			return
		}
		useIn(e, after)
	}
	switch n := node.(type) {
	case rangeDef:
		if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
			if n.Key != nil {
				define(n.Key, true)
			}
			if n.Value != nil {
				define(n.Value, true)
			}
		}
	case *ast.AssignStmt:
		if ts, ok := a.typeSwitchOf[n]; ok {
			useIn(n.Rhs[0], false)
			for _, c := range ts.Body.List {
				if v := a.local(a.info.Implicits[c]); v != nil {
					defs[v] = true
				}
			}
			break
		}
		for _, r := range n.Rhs {
			useIn(r, false)
		}
		for _, l := range n.Lhs {
			if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
				define(l, true)
			} else {
				useIn(l, true)
				define(l, true)
			}
		}
	case *ast.IncDecStmt:
		useIn(n.X, true)
		define(n.X, true)
	case *ast.ValueSpec:
		for _, v := range n.Values {
			useIn(v, false)
		}
		for _, name := range n.Names {
			define(name, true)
		}
	case *ast.ReturnStmt:
		for _, r := range n.Results {
			useIn(r, false)
		}
		if len(n.Results) == 0 {
			res := a.fn.Obj.Type().(*types.Signature).Results()
			for i := 0; i < res.Len(); i++ {
				if v := a.local(res.At(i)); v != nil && v.Name() != "" && v.Name() != "_" {
					uses = append(uses, ref{v, n.End(), true})
				}
			}
		}
	default:
		if _, ok := a.typeSwitchOf[node]; ok { // switch x.(type), no binding
			useIn(node, false)
			break
		}
		useIn(node, false)
	}
	return uses, defs
}

// local returns obj if it is a variable local to the workflow (a parameter,
// a named result or a variable of its body) other than the durgen.Context.
func (a *liveness) local(obj types.Object) *types.Var {
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v == a.fn.Ctx || v == a.fn.Recv || v.Name() == "_" {
		return nil
	}
	if !IsLocal(a.fn, v) {
		return nil
	}
	return v
}

// IsLocal reports whether v is a local of the workflow itself: declared in
// its signature or body, and not inside a function literal (a closure's
// parameters and locals belong to the closure).
func IsLocal(fn *Func, v *types.Var) bool {
	if v.Pos() < fn.Decl.Pos() || v.Pos() >= fn.Decl.End() {
		return false
	}
	inLit := false
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		if inLit || n == nil || n.Pos() > v.Pos() || n.End() <= v.Pos() {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			inLit = true
		}
		return !inLit
	})
	return !inLit
}

func (a *liveness) sorted(s varSet) []*types.Var {
	vars := make([]*types.Var, 0, len(s))
	for v := range s {
		vars = append(vars, v)
	}
	sortVars(vars)
	return vars
}

// sortVars orders variables by declaration. The symbolic variable of a type
// switch declares one variable per clause, all at the same position: those
// are ordered by their clause.
func sortVars(vars []*types.Var) {
	sort.Slice(vars, func(i, j int) bool {
		a, b := vars[i], vars[j]
		if a.Pos() != b.Pos() {
			return a.Pos() < b.Pos()
		}
		return scopePos(a) < scopePos(b)
	})
}

func scopePos(v *types.Var) token.Pos {
	if v.Parent() != nil {
		return v.Parent().Pos()
	}
	return token.NoPos
}

// awaitsIn returns the await calls inside node (not inside function
// literals), in source order.
func awaitsIn(node ast.Node, awaitAt map[*ast.CallExpr]bool) []*ast.CallExpr {
	var calls []*ast.CallExpr
	if rd, ok := node.(rangeDef); ok {
		_ = rd
		return nil
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if awaitAt[n] {
				calls = append(calls, n)
			}
		}
		return true
	})
	return calls
}

// mayReturn reports whether a call may return; panic does not.
func mayReturn(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" && id.Obj == nil {
		return false
	}
	return true
}

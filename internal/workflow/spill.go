package workflow

// This file defines the operands the generator spills: the one definition
// of them, which the split check reads to refuse the ones that can share
// memory and the generator's normalize pass checks its rewrite against.
//
// Go evaluates the operands of a call (the function or receiver, then the
// arguments), a binary expression, a composite literal, an index or slice
// expression, the right side of an assignment, the values of a var
// declaration and the results of a return left to right. To bring an await
// nested in one of those operands out to a statement of its own, the
// generator evaluates the operands before it first, into temporaries,
// unless they are pure (IsPure: they call and receive nothing, so reading
// them after the await is one of the orders Go allows). The operands an
// assignment evaluates on its left (LeftOperands) come before its right
// side; an await that is the whole right side comes after the left's
// operands and its own arguments. A && or || whose right side awaits keeps
// its left side in a temporary bool; a switch whose case expressions await
// keeps its tag in a temporary unless it is a stable local (IsStableTag).
// Nothing after the last awaiting operand of a list is spilled.
//
// A temporary is live across the await that follows it, so the frame saves
// it and a resume restores a copy: a map, slice or pointer that the spilled
// operand shared with something else of the workflow no longer shares it.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
)

// Spill is an operand that the generator evaluates into a temporary before
// a later await of its statement.
type Spill struct {
	// X is the operand.
	X ast.Expr
	// Role names the operand in its expression or statement: "argument 1
	// of record", "the tag of this switch".
	Role string
	// Ref marks an operand on the left of an assignment that the
	// assignment writes through (LeftOperand.Ref).
	Ref bool
	// Await is the first await that the temporary is kept across.
	Await *ast.CallExpr
	// Read marks the indexed value of an index expression that is only
	// read, as a value that shares nothing: an element copied out of the
	// temporary is the element of the original.
	Read bool
}

// Shares reports whether the temporary of sp may share memory with
// something else of the workflow, so that a resume, which restores a copy,
// would lose a write through one of them: its type can share memory
// (SharesMemory), it is not a value made fresh (isFresh), and it is not an
// indexed value only read from (Read).
func (sp Spill) Shares(info *types.Info) bool {
	return SharesMemory(info.TypeOf(sp.X)) && !sp.Read && !isFresh(info, sp.X)
}

// isFresh reports whether e makes a value that shares memory with nothing
// but what its operands share, and they share nothing: a composite literal
// (or its address) of such elements and keys, a make or a new, or a
// conversion of a value that shares nothing (a string to bytes).
func isFresh(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if _, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND {
			return isFresh(info, x.X)
		}
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, field := info.Types[kv.Key]; field && !isFresh(info, kv.Key) && SharesMemory(info.TypeOf(kv.Key)) {
					return false
				}
				el = kv.Value
			}
			if !isFresh(info, el) && SharesMemory(info.TypeOf(el)) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
			return len(x.Args) == 1 && !SharesMemory(info.TypeOf(x.Args[0]))
		}
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "make" || b.Name() == "new") {
				return true
			}
		}
	}
	return false
}

// Spills returns the operands of the body of workflow fn that the generator
// spills to temporaries before an await, in the order it evaluates them
// (an operand that awaits comes after the spills inside it).
func Spills(info *types.Info, fn *Func) []Spill {
	w := &spillWalker{info: info, fn: fn, awaits: map[*ast.CallExpr]*Await{}, addressed: addressed(info, fn.Decl.Body), read: map[ast.Expr]bool{}}
	for _, a := range fn.Awaits {
		w.awaits[a.Call] = a
	}
	w.stmts(fn.Decl.Body.List)
	return w.out
}

type spillWalker struct {
	info   *types.Info
	fn     *Func
	awaits map[*ast.CallExpr]*Await
	// addressed holds the expressions used as variables rather than
	// read as values (see addressed).
	addressed map[ast.Expr]bool
	// read holds the indexed values of index expressions only read.
	read map[ast.Expr]bool
	out  []Spill
}

// addressed returns the expressions of body whose address may be taken
// or that may be written: the operand of &, the sliced value of a slice
// expression, the operand of a selector (a method may take its address),
// an indexed array, and the left of an assignment, an increment and a
// range clause.
func addressed(info *types.Info, body *ast.BlockStmt) map[ast.Expr]bool {
	m := map[ast.Expr]bool{}
	mark := func(e ast.Expr) {
		if e != nil {
			m[ast.Unparen(e)] = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				mark(x.X)
			}
		case *ast.SliceExpr:
			mark(x.X)
		case *ast.SelectorExpr:
			mark(x.X)
		case *ast.IndexExpr:
			if t := info.TypeOf(x.X); t != nil {
				if _, ok := t.Underlying().(*types.Array); ok {
					mark(x.X)
				}
			}
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(x.X)
		case *ast.RangeStmt:
			mark(x.Key)
			mark(x.Value)
		}
		return true
	})
	return m
}

// first returns the first await in x outside function literals, or nil.
func (w *spillWalker) first(x ast.Node) *ast.CallExpr {
	if x == nil || reflect.ValueOf(x).IsNil() {
		return nil
	}
	var found *ast.CallExpr
	ast.Inspect(x, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if found == nil && w.awaits[m] != nil {
				found = m
			}
		}
		return found == nil
	})
	return found
}

func (w *spillWalker) has(x ast.Node) bool { return w.first(x) != nil }

// isAwait reports whether e is an await call.
func (w *spillWalker) isAwait(e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && w.awaits[c] != nil
}

func (w *spillWalker) stmts(list []ast.Stmt) {
	for _, s := range list {
		w.stmt(s)
	}
}

// stmt follows the statement rewrites of the generator's normalize pass.
func (w *spillWalker) stmt(s ast.Stmt) {
	if s == nil || !w.has(s) {
		return
	}
	switch s := s.(type) {
	case *ast.LabeledStmt:
		w.stmt(s.Stmt)
	case *ast.BlockStmt:
		w.stmts(s.List)
	case *ast.ExprStmt:
		if w.isAwait(s.X) {
			call := ast.Unparen(s.X).(*ast.CallExpr)
			w.list(call.Args, argRoles(w.calleeName(call), call.Args))
			return
		}
		w.flat(s.X)
	case *ast.AssignStmt:
		w.assign(s.Lhs, s.Rhs)
	case *ast.IncDecStmt:
		w.assign([]ast.Expr{s.X}, nil)
	case *ast.DeclStmt:
		for _, sp := range s.Decl.(*ast.GenDecl).Specs {
			spec, ok := sp.(*ast.ValueSpec)
			if !ok || !w.has(spec) {
				continue
			}
			if len(spec.Values) == 1 && w.isAwait(spec.Values[0]) {
				call := ast.Unparen(spec.Values[0]).(*ast.CallExpr)
				w.list(call.Args, argRoles(w.calleeName(call), call.Args))
				continue
			}
			w.list(spec.Values, roles("value %d of this declaration", len(spec.Values)))
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 && w.isAwait(s.Results[0]) {
			call := ast.Unparen(s.Results[0]).(*ast.CallExpr)
			w.list(call.Args, argRoles(w.calleeName(call), call.Args))
			return
		}
		w.list(s.Results, roles("result %d of this return", len(s.Results)))
	case *ast.IfStmt:
		w.stmt(s.Init)
		w.flat(s.Cond)
		w.stmts(s.Body.List)
		w.stmt(s.Else)
	case *ast.ForStmt:
		// An init and a post statement are rewritten as statements of
		// their own; a condition is brought out at the top of the body.
		w.stmt(s.Init)
		w.stmt(s.Post)
		w.flat(s.Cond)
		w.stmts(s.Body.List)
	case *ast.RangeStmt:
		w.flat(s.X)
		w.stmts(s.Body.List)
	case *ast.SwitchStmt:
		w.stmt(s.Init)
		var cases []ast.Expr
		for _, c := range s.Body.List {
			cases = append(cases, c.(*ast.CaseClause).List...)
		}
		w.flat(s.Tag)
		if later := w.firstOf(cases); later != nil && s.Tag != nil && !IsStableTag(w.info, w.fn, s.Tag) {
			// The case expressions are compared in a chain of ifs,
			// after the tag is kept in a temporary.
			w.out = append(w.out, Spill{X: s.Tag, Role: "the tag of this switch", Await: later})
		}
		for _, e := range cases {
			w.flat(e)
		}
		for _, c := range s.Body.List {
			w.stmts(c.(*ast.CaseClause).Body)
		}
	case *ast.TypeSwitchStmt:
		w.stmt(s.Init)
		switch a := s.Assign.(type) {
		case *ast.AssignStmt:
			w.flat(a.Rhs[0].(*ast.TypeAssertExpr).X)
		case *ast.ExprStmt:
			w.flat(a.X.(*ast.TypeAssertExpr).X)
		}
		for _, c := range s.Body.List {
			w.stmts(c.(*ast.CaseClause).Body)
		}
	}
}

// firstOf returns the first await in es, or nil.
func (w *spillWalker) firstOf(es []ast.Expr) *ast.CallExpr {
	for _, e := range es {
		if c := w.first(e); c != nil {
			return c
		}
	}
	return nil
}

// assign follows an assignment or an increment, lhs = rhs: the operands
// Go evaluates on the left, then the right side, or the arguments of an
// await that is the whole right side (which runs after all of them).
func (w *spillWalker) assign(lhs, rhs []ast.Expr) {
	var es []ast.Expr
	var rs []string
	var refs []bool
	for _, l := range lhs {
		for _, o := range LeftOperands(w.info, l) {
			es = append(es, o.X)
			rs = append(rs, "an operand on the left of this assignment")
			refs = append(refs, o.Ref)
		}
	}
	ops := len(es)
	var await *ast.CallExpr
	last := -1
	if len(rhs) == 1 && w.isAwait(rhs[0]) {
		await = ast.Unparen(rhs[0]).(*ast.CallExpr)
		last = ops
		rhs = await.Args
		rs = append(rs, argRoles(w.calleeName(await), rhs)...)
	} else {
		rs = append(rs, roles("value %d on the right of this assignment", len(rhs))...)
	}
	es = append(es, rhs...)
	for i, e := range es {
		if i > last && w.has(e) {
			last = i
		}
	}
	if last < 0 {
		return
	}
	later := w.first(es[last])
	if later == nil {
		later = await
	}
	w.spill(es, last, rs, refs, later)
}

// list follows operands evaluated left to right.
func (w *spillWalker) list(es []ast.Expr, rs []string) {
	last := -1
	for i, e := range es {
		if w.has(e) {
			last = i
		}
	}
	if last < 0 {
		return
	}
	w.spill(es, last, rs, nil, w.first(es[last]))
}

// spill records the operands of es before es[last] that are spilled (they
// await, or are not pure), kept across later, and follows the ones that
// await.
func (w *spillWalker) spill(es []ast.Expr, last int, rs []string, refs []bool, later *ast.CallExpr) {
	for i, e := range es {
		switch {
		case i < last && (w.has(e) || !IsPure(w.info, e)):
			w.flat(e)
			w.out = append(w.out, Spill{X: e, Role: rs[i], Ref: i < len(refs) && refs[i], Await: later, Read: w.read[e]})
		case i == last && w.isAwait(e):
			// Its arguments, whether it has one result or two.
			call := ast.Unparen(e).(*ast.CallExpr)
			w.list(call.Args, argRoles(w.calleeName(call), call.Args))
		case i == last:
			w.flat(e)
		}
	}
}

// flat follows the operands of e, if it awaits.
func (w *spillWalker) flat(e ast.Expr) {
	if e == nil || !w.has(e) {
		return
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		w.flat(x.X)
		return
	case *ast.BinaryExpr:
		if (x.Op == token.LAND || x.Op == token.LOR) && w.has(x.Y) {
			// The left side is kept in a temporary bool, and the right
			// side runs only if Go would run it.
			w.flat(x.X)
			w.flat(x.Y)
			return
		}
		w.list([]ast.Expr{x.X, x.Y}, []string{"the left operand of " + x.Op.String(), "the right operand of " + x.Op.String()})
		return
	case *ast.CallExpr:
		if w.awaits[x] != nil {
			w.list(x.Args, argRoles(w.calleeName(x), x.Args))
			return
		}
		fun, role := x.Fun, "the function value called"
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			if w.info.Selections[sel] != nil {
				role = "the method value called"
			}
			if w.has(sel.X) {
				// A method call on an awaited receiver: the receiver first.
				fun, role = sel.X, "the receiver of "+sel.Sel.Name
			}
		}
		w.list(append([]ast.Expr{fun}, x.Args...), append([]string{role}, argRoles(types.ExprString(x.Fun), x.Args)...))
		return
	}
	es, rs := Operands(e)
	if ix, ok := e.(*ast.IndexExpr); ok && !w.addressed[ix] && !SharesMemory(w.info.TypeOf(ix)) {
		// The element is copied out of the indexed value as a value
		// that shares nothing.
		w.read[ix.X] = true
	}
	w.list(es, rs)
}

// calleeName names the function an await calls.
func (w *spillWalker) calleeName(call *ast.CallExpr) string {
	return AwaitName(w.awaits[call])
}

// Operands returns the direct operands of e, an expression other than a
// call, a binary expression and a parenthesized one, in the order Go
// evaluates them, and the role of each: the indexed value and the index,
// the sliced value and its bounds, the elements and keys of a composite
// literal (not the field names), the operand of a unary expression, a
// selector or a type assertion.
func Operands(e ast.Expr) ([]ast.Expr, []string) {
	var ops []ast.Expr
	var rs []string
	add := func(o ast.Expr, r string) {
		ops = append(ops, o)
		rs = append(rs, r)
	}
	switch x := e.(type) {
	case *ast.UnaryExpr:
		add(x.X, "the operand of "+x.Op.String())
	case *ast.StarExpr:
		add(x.X, "the pointer of *")
	case *ast.SelectorExpr:
		add(x.X, "the operand of ."+x.Sel.Name)
	case *ast.IndexExpr:
		add(x.X, "the indexed value")
		add(x.Index, "the index")
	case *ast.SliceExpr:
		add(x.X, "the sliced value")
		for _, o := range []ast.Expr{x.Low, x.High, x.Max} {
			if o != nil {
				add(o, "an index of the slice expression")
			}
		}
	case *ast.TypeAssertExpr:
		add(x.X, "the operand of the type assertion")
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, isIdent := kv.Key.(*ast.Ident); !isIdent {
					add(kv.Key, "a key of this composite literal")
				}
				add(kv.Value, "an element of this composite literal")
			} else {
				add(el, "an element of this composite literal")
			}
		}
	case *ast.KeyValueExpr:
		add(x.Key, "a key of this composite literal")
		add(x.Value, "an element of this composite literal")
	}
	return ops, rs
}

// argRoles names the arguments of a call of name.
func argRoles(name string, args []ast.Expr) []string {
	rs := make([]string, len(args))
	for i := range args {
		rs[i] = "argument " + strconv.Itoa(i+1) + " of " + name
	}
	return rs
}

// roles returns n roles from format, which takes the 1-based index.
func roles(format string, n int) []string {
	rs := make([]string, n)
	for i := range rs {
		rs[i] = fmt.Sprintf(format, i+1)
	}
	return rs
}

// SharesMemory reports whether a copy of a value of type t may share
// memory with the original: a map, a slice, a pointer, a channel, a func,
// an interface other than error (its dynamic value may be any of those),
// or a struct or array holding one. A temporary of such a type that the
// frame keeps across an await is restored as a copy that shares nothing.
// Not counted: error (stored as its message), time.Time (its location is
// never written through) and the data types of package durgen (Future,
// Option), which the frame stores by what they name.
func SharesMemory(t types.Type) bool {
	return sharesMemory(t, map[types.Type]bool{})
}

func sharesMemory(t types.Type, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if t == nil || seen[t] || isError(t) {
		return false
	}
	seen[t] = true
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil {
		switch path := n.Obj().Pkg().Path(); {
		case path == "time" && n.Obj().Name() == "Time":
			return false
		case path == DurgenPath && n.Obj().Name() != "Context":
			return false
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Array:
		return sharesMemory(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if sharesMemory(u.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Tuple:
		for i := 0; i < u.Len(); i++ {
			if sharesMemory(u.At(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// IsStableTag reports whether a switch tag may be read again in each case
// comparison instead of once: it is a local variable of fn that only an
// assignment can change, as nothing takes its address, no function literal
// uses it and no method is selected on it.
func IsStableTag(info *types.Info, fn *Func, e ast.Expr) bool {
	id, _ := ast.Unparen(e).(*ast.Ident)
	if id == nil {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pos() < fn.Decl.Pos() || v.Pos() >= fn.Decl.End() {
		return false
	}
	// root returns the variable x refers to, or that x is a part of.
	root := func(x ast.Expr) types.Object {
		for {
			switch y := ast.Unparen(x).(type) {
			case *ast.SelectorExpr:
				x = y.X
			case *ast.IndexExpr:
				x = y.X
			case *ast.Ident:
				return info.Uses[y]
			default:
				return nil
			}
		}
	}
	stable := true
	ast.Inspect(fn.Decl.Body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			ast.Inspect(x, func(y ast.Node) bool {
				if id, ok := y.(*ast.Ident); ok && info.Uses[id] == v {
					stable = false
				}
				return stable
			})
			return false
		case *ast.UnaryExpr:
			if x.Op == token.AND && root(x.X) == v {
				stable = false
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil && sel.Kind() != types.FieldVal && root(x.X) == v {
				stable = false
			}
		}
		return stable
	})
	return stable
}

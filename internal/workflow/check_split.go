package workflow

// This file defines the split check: the await forms the generator can
// split a workflow at. Awaits may stand in expression statements, on either
// side of assignments, assignment operations and increments (in the
// operands Go evaluates on the left: the indexed value and the index of
// x[i], the pointer of *p), on the right of var declarations (grouped
// ones too), in returns, in if conditions and inits, for inits, conditions
// and post statements, switch tags, case expressions, type switch guards
// and inits, and range expressions (the generator brings awaits nested in
// expressions out in Go's evaluation order, keeping && and || short-circuit
// and case expressions evaluated only until one matches), inside if/else,
// blocks, for and range loops (over slices, arrays, strings, maps and
// integers) and switch clauses. Refused: awaits in a send statement; an
// operand the generator spills to a temporary before an await of the same
// statement (Spills, spill.go: one that a call or a receive makes, before
// the last awaiting operand of a call, a binary expression, a composite
// literal, an index or slice expression, the right side of an assignment,
// a declaration's values or a return's results; an operand on the left of
// an assignment; a switch tag before case expressions that await) whose
// value may share memory with something else of the workflow (a map,
// slice, pointer, channel, func, an interface other than error, a struct
// or array holding one; not a fresh literal, nor an indexed value only
// read from), since the temporary is kept across the await and a copy
// restored after a restart no longer shares memory with the original, so
// a write through one would not show in the other (the way out is a local
// of its own, assigned in a statement before); and a label that goto and break or continue both name on
// a statement the generator moves into a block to bring the awaits of its
// header out (a for whose init or post awaits, a switch whose init, tag or
// case expressions await, a type switch whose init or guard awaits, a
// range whose expression awaits). The activity of durgen.Await must name a
// package-level function, which the runtime finds by name after a restart.
// Workflows that are methods of unnamed types are refused here too. The
// generator refuses exactly this list; durgen vet reports it.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// CheckSplit: an await in a form the generator cannot split at yet.
const CheckSplit = "split"

// generated lists the suspending functions of package durgen the generator
// compiles (each has its command constructor in package machine).
var generated = map[string]bool{"Await": true, "Sleep": true, "SleepUntil": true, "Receive": true, "ReceiveWithin": true, "Select": true}

func (c *checker) checkSplit(fn *Func) {
	sig := fn.Obj.Type().(*types.Signature)
	if sig.Recv() != nil {
		if _, ok := types.Unalias(derefType(sig.Recv().Type())).(*types.Named); !ok {
			c.errorf(fn.Decl.Name.Pos(), CheckSplit, "workflow %s is a method of an unnamed type; declare it on a named type", fn.Obj.Name())
			return
		}
	}
	awaits := map[*ast.CallExpr]*Await{}
	for _, a := range fn.Awaits {
		awaits[a.Call] = a
		switch {
		case a.Kind == Child && (a.Callee.Type().(*types.Signature).Recv() != nil || a.Callee.Type().(*types.Signature).Results().Len() != 2):
			c.errorf(a.Call.Pos(), CheckSplit, "%s as a child workflow must be a function returning (O, error); a method or an error-only workflow cannot be started as a child yet", AwaitName(a))
		case a.Kind == Child:
		case a.Kind == Get:
		case !generated[a.Name]:
			c.errorf(a.Call.Pos(), CheckSplit, "durgen.%s is not supported by the generator yet", a.Name)
		case a.Name == "Await" && len(a.Call.Args) > 1 && !c.isFuncRef(a.Call.Args[1]):
			c.errorf(a.Call.Args[1].Pos(), CheckSplit, "the activity of durgen.Await must name a package-level function (pkg.Func or Func) so that it can be found after a restart; wrap the value in a named function")
		}
	}
	s := splitter{c: c, awaits: awaits, gotos: map[string]bool{}, branches: map[string]bool{}}
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Label != nil && n.Tok == token.GOTO {
				s.gotos[n.Label.Name] = true
			} else if n.Label != nil {
				s.branches[n.Label.Name] = true
			}
		}
		return true
	})
	s.stmts(fn.Decl.Body.List)
	c.checkSpills(fn, awaits)
	for _, d := range fn.Defers {
		c.checkDefer(d)
	}
}

// checkDefer checks that a defer statement's call can be recorded in the
// frame as data: a durgen.Await of a package-level activity function (the
// await check reports the other awaits), or a call of a package-level,
// non-generic function whose arguments can be persisted. Their values are
// taken at the defer statement, as Go evaluates them there.
func (c *checker) checkDefer(d *ast.DeferStmt) {
	call := d.Call
	if a := AwaitOf(c.info, call, c.marked); a != nil {
		if a.Kind == Suspend && a.Name == "Await" && len(call.Args) > 1 && !c.isFuncRef(call.Args[1]) {
			c.errorf(call.Args[1].Pos(), CheckSplit, "the activity of a deferred durgen.Await must name a package-level function (pkg.Func or Func) so that it can be found after a restart; wrap the value in a named function")
		}
		return
	}
	const way = "defer a package-level function that takes what it needs as arguments, or an activity with durgen.Await"
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	switch f := fun.(type) {
	case *ast.FuncLit:
		c.errorf(call.Pos(), CheckSplit, "a deferred function literal cannot be recorded in the frame, which holds the deferred calls until the workflow returns: a closure is not data; %s", way)
		return
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if sel, ok := f.(*ast.SelectorExpr); ok {
			if _, isMethod := c.info.Selections[sel]; isMethod {
				c.errorf(call.Pos(), CheckSplit, "a deferred method call %s cannot be recorded in the frame, which holds the deferred calls until the workflow returns: its receiver is not part of the record; %s", types.ExprString(call.Fun), way)
				return
			}
			id = sel.Sel
		} else {
			id = f.(*ast.Ident)
		}
		switch obj := c.info.Uses[id].(type) {
		case *types.Builtin:
			c.errorf(call.Pos(), CheckSplit, "a deferred call of the builtin %s cannot be recorded in the frame; %s", obj.Name(), way)
			return
		case *types.Func:
			if obj.Type().(*types.Signature).TypeParams().Len() > 0 {
				c.errorf(call.Pos(), CheckSplit, "a deferred call of the generic function %s is not supported by the generator yet; defer a non-generic function that calls it", obj.Name())
				return
			}
			if obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
				c.checkDeferArgs(call, obj.Name())
				return
			}
		}
	}
	c.errorf(call.Pos(), CheckSplit, "a deferred call of %s, a function value, cannot be recorded in the frame, which holds the deferred calls until the workflow returns; %s", types.ExprString(call.Fun), way)
}

// checkDeferArgs checks that the arguments of a deferred function call,
// recorded with their own types, can be persisted.
func (c *checker) checkDeferArgs(call *ast.CallExpr, name string) {
	if len(call.Args) == 1 {
		if _, tuple := c.info.TypeOf(call.Args[0]).(*types.Tuple); tuple && !c.hasAwaitCall(call.Args[0]) {
			c.errorf(call.Args[0].Pos(), CheckSplit, "the deferred call of %s takes the results of another call, which the generator cannot record yet; assign them to locals before the defer statement", name)
			return
		}
	}
	for i, a := range call.Args {
		t := types.Default(c.info.TypeOf(a))
		root := fmt.Sprintf("argument %d", i+1)
		if p := PersistProblem(t, root); p != nil {
			desc, fix := c.describe(p, root)
			c.errorf(a.Pos(), CheckPersist, "%s of the deferred call of %s (%s) cannot be persisted, and the frame records it until the workflow returns: %s; %s",
				root, name, c.typeString(t), desc, fix)
		}
	}
}

// isFuncRef reports whether e names a package-level function.
func (c *checker) isFuncRef(e ast.Expr) bool {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		if _, ok := c.info.Selections[x]; ok {
			return false
		}
		id = x.Sel
	default:
		return false
	}
	fn, ok := c.info.Uses[id].(*types.Func)
	return ok && fn.Type().(*types.Signature).Recv() == nil && fn.Pkg() != nil && fn.Parent() == fn.Pkg().Scope()
}

type splitter struct {
	c      *checker
	awaits map[*ast.CallExpr]*Await
	// gotos and branches hold the labels that goto, and break or
	// continue, name.
	gotos, branches map[string]bool
}

// first returns the first await call in n outside function literals, or nil.
func (s *splitter) first(n ast.Node) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(x ast.Node) bool {
		if found != nil {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if s.awaits[x] != nil {
				found = x
			}
		}
		return found == nil
	})
	return found
}

func (s *splitter) stmts(list []ast.Stmt) {
	for _, st := range list {
		s.stmt(st)
	}
}

func (s *splitter) stmt(st ast.Stmt) {
	if st == nil || s.first(st) == nil {
		return
	}
	switch st := st.(type) {
	case *ast.LabeledStmt:
		if s.gotos[st.Label.Name] && s.branches[st.Label.Name] {
			if call := s.moved(st.Stmt); call != nil {
				s.c.errorf(st.Pos(), CheckSplit, "label %s is named by goto and by break or continue, but the generator moves this statement into a new block to bring its %s (line %d) out in front of it, and the label cannot stand both on the block (for the goto) and on the statement (for break and continue); give the goto a label of its own in front of this one", st.Label.Name, AwaitName(s.awaits[call]), s.c.line(call.Pos()))
			}
		}
		s.stmt(st.Stmt)
	case *ast.BlockStmt:
		s.stmts(st.List)
	case *ast.ExprStmt:
		// Awaits nested in expressions are brought out by the generator.
	case *ast.AssignStmt, *ast.IncDecStmt:
		// The generator brings out the awaits on either side; checkSpills
		// refuses the operands it cannot keep across them.
	case *ast.DeclStmt:
		// The generator declares each spec of a group on its own.
	case *ast.ReturnStmt:
	case *ast.IfStmt:
		s.stmt(st.Init)
		s.stmts(st.Body.List)
		s.stmt(st.Else)
	case *ast.ForStmt:
		// The generator moves the init before the loop and the post to the
		// top of the body, as statements of their own.
		s.loopClause(st.Init, "init", "await before the loop")
		s.loopClause(st.Post, "post", "await into a variable at the end of the loop body and before each continue")
		s.stmts(st.Body.List)
	case *ast.SwitchStmt:
		s.clauses(st.Body)
	case *ast.TypeSwitchStmt:
		// The generator brings the awaits of the init and the guard out
		// in front of the switch.
		s.stmt(st.Init)
		s.clauses(st.Body)
	case *ast.RangeStmt:
		s.none(st.Key)
		s.none(st.Value)
		switch u := s.c.info.TypeOf(st.X).Underlying().(type) {
		case *types.Basic, *types.Slice, *types.Array, *types.Map:
		case *types.Pointer:
			if _, ok := u.Elem().Underlying().(*types.Array); !ok {
				s.c.errorf(s.first(st.Body).Pos(), CheckSplit, "await inside a range over %s is not supported by the generator; range over a slice, array, string, map or integer", s.c.info.TypeOf(st.X))
				return
			}
		case *types.Signature:
			// The await check reports range-over-func bodies.
			return
		default:
			s.c.errorf(s.first(st.Body).Pos(), CheckSplit, "await inside a range over %s is not supported by the generator; range over a slice, array, string, map or integer", s.c.info.TypeOf(st.X))
			return
		}
		s.stmts(st.Body.List)
	case *ast.GoStmt, *ast.DeferStmt, *ast.SelectStmt:
		// The await check reports these.
	default:
		s.c.errorf(s.first(st).Pos(), CheckSplit, "await inside %s statement is not supported by the generator yet; move the await out of it", stmtName(st))
	}
}

// loopClause checks a for loop's init or post statement, which the
// generator makes a statement of its own.
func (s *splitter) loopClause(st ast.Stmt, which, way string) {
	switch st.(type) {
	case nil:
	case *ast.SendStmt:
		if call := s.first(st); call != nil {
			s.c.errorf(call.Pos(), CheckSplit, "await inside %s statement, a for loop's %s statement, is not supported by the generator yet; %s", stmtName(st), which, way)
		}
	default:
		s.stmt(st)
	}
}

// moved returns the first await in the header of st if the generator moves
// st into a new block to bring that await out in front of it, or nil.
func (s *splitter) moved(st ast.Stmt) *ast.CallExpr {
	var parts []ast.Node
	switch st := st.(type) {
	case *ast.ForStmt:
		if s.awaitsIn(st.Init) || s.awaitsIn(st.Post) {
			parts = []ast.Node{st.Init, st.Cond, st.Post}
		}
	case *ast.RangeStmt:
		parts = []ast.Node{st.X}
	case *ast.TypeSwitchStmt:
		parts = []ast.Node{st.Init, st.Assign}
	case *ast.SwitchStmt:
		parts = []ast.Node{st.Init, st.Tag}
		for _, c := range st.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				parts = append(parts, e)
			}
		}
	}
	for _, p := range parts {
		if s.awaitsIn(p) {
			return s.first(p)
		}
	}
	return nil
}

// awaitsIn reports whether n, which may be nil, awaits.
func (s *splitter) awaitsIn(n ast.Node) bool {
	return n != nil && !reflect.ValueOf(n).IsNil() && s.first(n) != nil
}

// checkSpills refuses the operands of fn that the generator spills to
// temporaries kept across an await (see Spills) and that may share memory
// with something else of the workflow (Spill.Shares): the frame restores a temporary as a copy after a
// restart, and a write through the copy, or through what the original
// shared memory with, would not show in the other. An operand read from a
// local is pure and is not spilled: the alias check sees that local.
func (c *checker) checkSpills(fn *Func, awaits map[*ast.CallExpr]*Await) {
	for _, sp := range Spills(c.info, fn) {
		if !sp.Shares(c.info) {
			continue
		}
		t := c.info.TypeOf(sp.X)
		await := AwaitName(awaits[sp.Await])
		if sp.Ref {
			c.errorf(sp.X.Pos(), CheckSplit, "%s (%s) on the left of this assignment is evaluated before the %s (line %d) and would be kept across it, but a copy restored after a restart does not share memory with the original, so the write through it would be lost; assign it to a local in a statement of its own first",
				types.ExprString(sp.X), c.typeString(t), await, c.line(sp.Await.Pos()))
			continue
		}
		c.errorf(sp.X.Pos(), CheckSplit, "%s (%s), %s, is evaluated before the %s (line %d) and would be kept across it, but a copy restored after a restart does not share memory with the original, so a write through one would not show in the other; assign it to a local in a statement of its own before this one",
			types.ExprString(sp.X), c.typeString(t), sp.Role, await, c.line(sp.Await.Pos()))
	}
}

// LeftOperand is an operand that Go evaluates on the left of an
// assignment: Ref marks the value written through (the slice, map or
// pointer to array of x[i], the pointer of *p or of p.f), and not an index.
type LeftOperand struct {
	X   ast.Expr
	Ref bool
}

// LeftOperands returns the operands of lhs, the left of an assignment or
// an increment, in the order Go evaluates them: the indexed value and the
// index of each x[i] (an indexed array is a variable, not a value: its own
// operands instead), the pointer of *p, and the pointer a selector goes
// through. A variable has none.
func LeftOperands(info *types.Info, lhs ast.Expr) []LeftOperand {
	switch x := lhs.(type) {
	case *ast.ParenExpr:
		return LeftOperands(info, x.X)
	case *ast.IndexExpr:
		var ops []LeftOperand
		if _, ok := info.TypeOf(x.X).Underlying().(*types.Array); ok {
			ops = LeftOperands(info, x.X)
		} else {
			ops = []LeftOperand{{X: x.X, Ref: true}}
		}
		return append(ops, LeftOperand{X: x.Index})
	case *ast.StarExpr:
		return []LeftOperand{{X: x.X, Ref: true}}
	case *ast.SelectorExpr:
		sel := info.Selections[x]
		if sel == nil {
			return nil // a package's variable
		}
		if _, ok := info.TypeOf(x.X).Underlying().(*types.Pointer); ok {
			return []LeftOperand{{X: x.X, Ref: true}}
		}
		return LeftOperands(info, x.X)
	}
	return nil
}

// IsPure reports whether e calls nothing (conversions aside) and receives
// nothing, outside function literals: Go leaves the order of its reads
// relative to the calls of the same statement unspecified.
func IsPure(info *types.Info, e ast.Expr) bool {
	pure := true
	ast.Inspect(e, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
				return true // a conversion
			}
			pure = false
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				pure = false
			}
		case *ast.FuncLit:
			return false
		}
		return pure
	})
	return pure
}

// clauses checks the clauses of a switch. Case expressions may await: the
// generator evaluates them in a chain of ifs before the switch.
func (s *splitter) clauses(body *ast.BlockStmt) {
	for _, st := range body.List {
		cc := st.(*ast.CaseClause)
		s.stmts(cc.Body)
	}
}

// none reports an await inside n, which must not await.
func (s *splitter) none(n ast.Node) {
	if n == nil {
		return
	}
	if call := s.first(n); call != nil {
		s.c.errorf(call.Pos(), CheckSplit, "await inside an expression is not supported by the generator yet; assign its result to a variable in a statement of its own")
	}
}

func stmtName(st ast.Stmt) string {
	switch st.(type) {
	case *ast.SwitchStmt:
		return "a switch"
	case *ast.TypeSwitchStmt:
		return "a type switch"
	case *ast.RangeStmt:
		return "a range"
	case *ast.SendStmt:
		return "a send"
	case *ast.IncDecStmt:
		return "an increment or decrement"
	}
	return "this"
}

// hasAwaitCall reports whether e is an await call (the await check reports
// those in a defer statement's arguments).
func (c *checker) hasAwaitCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && AwaitOf(c.info, call, c.marked) != nil
}

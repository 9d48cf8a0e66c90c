package workflow

// This file defines the persist check: every local live across an await
// (Liveness.Across) is stored in the frame, so its type must be persistable
// (see FrameProblem: an interface must be marked //durgen:persist); and so
// must the inputs and outputs of the activities, signals and child
// workflows a workflow awaits, which the runtime records (see
// PersistProblem). A local is reported once, at its declaration, naming the
// first await it crosses. Parameters and results are the workflow's input
// and output: the signature check reports them.
//
// It also checks, anywhere in the package, the other half of a persistable
// interface: the concrete types passed to durgen.RegisterType must be
// persistable themselves, and //durgen:persist must mark an interface.

import (
	"fmt"
	"go/ast"
	"go/types"
)

func (c *checker) checkPersist(fn *Func, lv *Liveness) {
	done := map[*types.Var]bool{}
	for _, a := range fn.Awaits {
		for _, v := range lv.Across[a.Call] {
			if done[v] || v.Pos() < fn.Decl.Body.Lbrace {
				continue
			}
			done[v] = true
			p := FrameProblem(v.Type(), v.Name(), c.marks.IsMarked)
			if p == nil {
				continue
			}
			desc, fix := c.describe(p, v.Name())
			c.errorf(v.Pos(), CheckPersist, "%s (%s) is live across %s (line %d) and cannot be persisted: %s; %s",
				v.Name(), c.typeString(v.Type()), AwaitName(a), c.line(a.Call.Pos()), desc, fix)
		}
	}
}

// describe completes "cannot be persisted: ..." for p, found in a value named
// root, and returns the way out, adapted to the package being checked.
func (c *checker) describe(p *Problem, root string) (desc, fix string) {
	fix = p.Fix
	if p.Field {
		if n, ok := types.Unalias(p.Owner).(*types.Named); !ok || n.Obj().Pkg() != c.pkg {
			fix = "keep what you need from it in a type of your own with exported fields"
		}
	}
	if p.Unmarked != nil {
		fix = c.markFix(p.Unmarked)
	}
	return c.problemText(p, root), fix
}

// markFix is the way out of a local of the interface type t, which is not
// marked //durgen:persist: mark it and register its types, where the
// declaration can be changed.
func (c *checker) markFix(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || isStd(c.fset, n.Obj()) {
		return "keep a concrete type across the await, or declare an interface type of your own with " + PersistDirective +
			" in its doc comment and register its concrete types with durgen.RegisterType in an init func"
	}
	name, where := n.Obj().Name(), "" // without type arguments
	if n.Obj().Pkg() != c.pkg {
		name = n.Obj().Pkg().Name() + "." + name
		where = " (in package " + n.Obj().Pkg().Path() + ")"
	}
	return fmt.Sprintf("add %s to the doc comment of %s%s and register its concrete types with durgen.RegisterType[%s](...) in an init func, or keep a concrete type across the await",
		PersistDirective, name, where, c.typeString(t))
}

func (c *checker) problemText(p *Problem, root string) string {
	if p.Path == root {
		return "it is " + p.What
	}
	if p.Field {
		return p.Path + " is an unexported field of " + c.typeString(p.Owner) + ", which is not stored"
	}
	return p.Path + " is " + c.typeString(p.Type) + ", " + p.What
}

// awaitTypes lists, per durgen function, which type arguments the runtime
// records and what they are: the activity's input and output, the signal's
// value.
var awaitTypes = map[string][]string{
	"Await":         {"input", "result"},
	"Go":            {"input", "result"},
	"Compensate":    {"input", "result"},
	"Spawn":         {"input", "result"},
	"Receive":       {"value"},
	"ReceiveWithin": {"value"},
}

// checkActivityTypes checks the type arguments of the awaits in fn's body.
func (c *checker) checkActivityTypes(fn *Func) {
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		callee := calleeFunc(c.info, call)
		if callee == nil || callee.Pkg() == nil || callee.Pkg().Path() != DurgenPath {
			return true
		}
		roles, ok := awaitTypes[callee.Name()]
		if !ok {
			return true
		}
		id := calleeIdent(call)
		if id == nil {
			return true
		}
		inst, ok := c.info.Instances[id]
		if !ok || inst.TypeArgs.Len() < len(roles) {
			return true
		}
		what := "the signal"
		if len(roles) == 2 && len(call.Args) > 1 {
			what = "the activity " + exprName(call.Args[1])
			if callee.Name() == "Spawn" {
				what = "the child workflow " + exprName(call.Args[1])
			}
		}
		for i, role := range roles {
			t := inst.TypeArgs.At(i)
			p := PersistProblem(t, role)
			if p == nil {
				continue
			}
			pos := call.Pos()
			if role == "input" && len(call.Args) > 2 {
				pos = call.Args[2].Pos()
			}
			desc, fix := c.describe(p, role)
			c.errorf(pos, CheckPersist, "the %s of %s (%s) cannot be persisted, and the runtime records it: %s; %s",
				role, what, c.typeString(t), desc, fix)
		}
		return true
	})
}

// calleeIdent returns the identifier naming call's function, for
// info.Instances.
func calleeIdent(call *ast.CallExpr) *ast.Ident {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// exprName prints a short expression (an activity's name) for a message.
func exprName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		if x := exprName(e.X); x != "" {
			return x + "." + e.Sel.Name
		}
		return e.Sel.Name
	case *ast.FuncLit:
		return "func literal"
	}
	return "value"
}

// checkRegistrations checks the calls of durgen.RegisterType and the
// //durgen:persist directives of the package: the registered types must be
// persistable (a frame stores their values), the type argument must be an
// interface, and the directive must mark one.
func (c *checker) checkRegistrations() {
	if c.pkg != nil && c.pkg.Path() == DurgenPath {
		return
	}
	for _, f := range c.files {
		eachTypeSpec(f, func(ts *ast.TypeSpec, doc []*ast.CommentGroup) {
			d := persistDirective(doc)
			if d == nil {
				return
			}
			obj := c.info.Defs[ts.Name]
			if obj == nil || types.IsInterface(obj.Type()) {
				return
			}
			c.errorf(d.Pos(), CheckPersist, "%s marks an interface type whose locals may live across awaits, and %s is not an interface: remove the directive, or put it on the interface %s is stored in and register %s with durgen.RegisterType",
				PersistDirective, ts.Name.Name, ts.Name.Name, ts.Name.Name)
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				c.checkRegistration(call)
			}
			return true
		})
	}
}

func (c *checker) checkRegistration(call *ast.CallExpr) {
	callee := calleeFunc(c.info, call)
	if callee == nil || callee.Pkg() == nil || callee.Pkg().Path() != DurgenPath || callee.Name() != "RegisterType" {
		return
	}
	id := calleeIdent(call)
	if id == nil {
		return
	}
	inst, ok := c.info.Instances[id]
	if !ok || inst.TypeArgs.Len() != 1 {
		return
	}
	it := inst.TypeArgs.At(0)
	if !types.IsInterface(it) {
		c.errorf(call.Pos(), CheckPersist, "durgen.RegisterType[%s] registers the types of an interface's values, and %s is not an interface: name the interface the values are stored in, as in durgen.RegisterType[Method](%s)",
			c.typeString(it), c.typeString(it), exprText(call.Args))
		return
	}
	for _, arg := range call.Args {
		t := c.info.TypeOf(arg)
		if t == nil || types.IsInterface(t) {
			continue // a value of the interface: its type is known at run time only
		}
		root := c.typeString(derefType(t))
		p := FrameProblem(t, root, c.marks.IsMarked)
		if p == nil {
			continue
		}
		desc, fix := c.describe(p, root)
		c.errorf(arg.Pos(), CheckPersist, "%s is registered with durgen.RegisterType[%s] but cannot be persisted: %s; %s",
			c.typeString(t), c.typeString(it), desc, fix)
	}
}

// exprText prints the first of args, or "T{}" if there is none.
func exprText(args []ast.Expr) string {
	if len(args) == 0 {
		return "T{}"
	}
	return types.ExprString(args[0])
}

package workflow

// This file defines the persist check: every local live across an await
// (Liveness.Across) is stored in the frame, so its type must be persistable
// (see PersistProblem); and so must the inputs and outputs of the
// activities, signals and child workflows a workflow awaits, which the
// runtime records. A local is reported once, at its declaration, naming the
// first await it crosses. Parameters and results are the workflow's input
// and output: the signature check reports them.

import (
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
			p := PersistProblem(v.Type(), v.Name())
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
	return c.problemText(p, root), fix
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

package codegen

// This file checks that the splitter can take a workflow body and refuses,
// with a positioned diagnostic, what it cannot: the await forms split.go
// handles are whole statements (an expression statement, the right-hand
// side of an assignment or var declaration, an if's init, a return's only
// result), inside if/else, blocks and for loops.

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/durgen/durgen/internal/workflow"
)

// normalize returns the reasons the splitter cannot take the workflow.
func (g *gen) normalize() Diagnostics {
	var diags Diagnostics
	report := func(n ast.Node, format string, args ...any) {
		diags = append(diags, Diagnostic{Pos: g.fset.Position(n.Pos()), Message: fmt.Sprintf(format, args...)})
	}
	sig := g.fn.Obj.Type().(*types.Signature)
	if sig.Recv() != nil {
		report(g.fn.Decl.Name, "workflow %s is a method, which the generator does not support yet; make it a function taking the receiver's handles through activities", g.fn.Obj.Name())
		return diags
	}
	if sig.TypeParams().Len() > 0 {
		report(g.fn.Decl.Name, "workflow %s is generic, which cannot be registered; instantiate it in a non-generic workflow", g.fn.Obj.Name())
		return diags
	}
	if g.fn.Ctx == nil || sig.Params().Len() != 2 {
		report(g.fn.Decl.Name, "workflow %s must have the signature func(durgen.Context, I) (O, error) or func(durgen.Context, I) error", g.fn.Obj.Name())
		return diags
	}
	for _, a := range g.fn.Awaits {
		switch {
		case a.Kind == workflow.Child || a.Kind == workflow.Get:
			report(a.Call, "%s is not supported by the generator yet; call it from an activity or wait for a later durgen", a.Name)
		case a.Name != "Await" && a.Name != "Sleep" && a.Name != "SleepUntil":
			report(a.Call, "durgen.%s is not supported by the generator yet", a.Name)
		case a.Name == "Await" && !g.isFuncRef(a.Call.Args[1]):
			report(a.Call.Args[1], "the activity of durgen.Await must name a function (pkg.Func or Func) so that it can be found after a restart; wrap the value in a named function")
		}
	}
	g.checkStmts(g.fn.Decl.Body.List, report)
	return diags
}

// isFuncRef reports whether e names a package-level function.
func (g *gen) isFuncRef(e ast.Expr) bool {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		if _, ok := g.info.Selections[x]; ok {
			return false
		}
		id = x.Sel
	default:
		return false
	}
	fn, ok := g.info.Uses[id].(*types.Func)
	return ok && fn.Type().(*types.Signature).Recv() == nil && fn.Parent() == fn.Pkg().Scope()
}

// checkStmts reports await forms the splitter does not take.
func (g *gen) checkStmts(stmts []ast.Stmt, report func(ast.Node, string, ...any)) {
	for _, s := range stmts {
		g.checkStmt(s, report)
	}
}

func (g *gen) checkStmt(s ast.Stmt, report func(ast.Node, string, ...any)) {
	if !g.hasAwait(s) {
		return
	}
	switch s := s.(type) {
	case *ast.LabeledStmt:
		g.checkStmt(s.Stmt, report)
	case *ast.BlockStmt:
		g.checkStmts(s.List, report)
	case *ast.ExprStmt:
		g.checkWhole(s.X, report)
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 {
			g.checkWhole(nil, report, s.Rhs...)
			return
		}
		for _, l := range s.Lhs {
			g.checkNone(l, report)
		}
		g.checkWhole(s.Rhs[0], report)
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 || len(gd.Specs[0].(*ast.ValueSpec).Values) != 1 {
			report(findAwait(g, s), "await inside a var declaration of several values is not supported by the generator yet; declare it on its own")
			return
		}
		g.checkWhole(gd.Specs[0].(*ast.ValueSpec).Values[0], report)
	case *ast.ReturnStmt:
		if len(s.Results) != 1 {
			g.checkWhole(nil, report, s.Results...)
			return
		}
		g.checkWhole(s.Results[0], report)
	case *ast.IfStmt:
		if s.Init != nil {
			g.checkStmt(s.Init, report)
		}
		g.checkNone(s.Cond, report)
		g.checkStmts(s.Body.List, report)
		if s.Else != nil {
			g.checkStmt(s.Else, report)
		}
	case *ast.ForStmt:
		if s.Init != nil {
			g.checkNone(s.Init, report)
		}
		g.checkNone(s.Cond, report)
		if s.Post != nil {
			g.checkNone(s.Post, report)
		}
		g.checkStmts(s.Body.List, report)
	default:
		report(findAwait(g, s), "await inside a %s statement is not supported by the generator yet; move the await out of it", stmtName(s))
	}
}

// checkWhole accepts e if it is an await call whose arguments do not await;
// otherwise it reports the awaits in exprs (or e).
func (g *gen) checkWhole(e ast.Expr, report func(ast.Node, string, ...any), exprs ...ast.Expr) {
	if e != nil {
		if c, ok := ast.Unparen(e).(*ast.CallExpr); ok && g.awaits[c] != nil {
			for _, a := range c.Args {
				g.checkNone(a, report)
			}
			return
		}
		exprs = []ast.Expr{e}
	}
	for _, x := range exprs {
		g.checkNone(x, report)
	}
}

// checkNone reports an await inside n.
func (g *gen) checkNone(n ast.Node, report func(ast.Node, string, ...any)) {
	if n == nil || !g.hasAwait(n) {
		return
	}
	report(findAwait(g, n), "await inside an expression is not supported by the generator yet; assign its result to a variable in a statement of its own")
}

// findAwait returns the first await call in n.
func findAwait(g *gen, n ast.Node) ast.Node {
	var found ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if found != nil {
			return false
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := x.(*ast.CallExpr); ok && g.awaits[c] != nil {
			found = c
		}
		return found == nil
	})
	if found == nil {
		return n
	}
	return found
}

func stmtName(s ast.Stmt) string {
	switch s.(type) {
	case *ast.SwitchStmt:
		return "switch"
	case *ast.TypeSwitchStmt:
		return "type switch"
	case *ast.SelectStmt:
		return "select"
	case *ast.RangeStmt:
		return "range"
	case *ast.GoStmt:
		return "go"
	case *ast.DeferStmt:
		return "defer"
	case *ast.SendStmt:
		return "send"
	case *ast.IncDecStmt:
		return "inc/dec"
	}
	return fmt.Sprintf("%T", s)
}

package codegen

// This file decides whether control can go past a statement, following the
// specification's terminating statements, plus break, continue and goto,
// which end their statement list too. The splitter must never add code after
// a statement that ends its list: that code would be unreachable, and go vet
// would say so about the generated file.

import (
	"go/ast"
	"go/token"
	"go/types"
)

// endsList reports whether control cannot reach the statement after s.
func (g *gen) endsList(s ast.Stmt) bool {
	if b, ok := s.(*ast.BranchStmt); ok {
		return b.Tok != token.FALLTHROUGH
	}
	return g.terminates(s)
}

// terminates reports whether s is a terminating statement.
func (g *gen) terminates(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.FALLTHROUGH
	case *ast.ExprStmt:
		if c, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
				if b, ok := g.info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
					return true
				}
			}
		}
	case *ast.BlockStmt:
		return g.listTerminates(s.List)
	case *ast.IfStmt:
		return s.Else != nil && g.terminates(s.Body) && g.terminates(s.Else)
	case *ast.LabeledStmt:
		return g.terminates(s.Stmt)
	case *ast.ForStmt:
		return s.Cond == nil && !hasBreak(s.Body, s, g.labelOf[s])
	case *ast.SwitchStmt:
		return g.clausesTerminate(s, s.Body)
	case *ast.TypeSwitchStmt:
		return g.clausesTerminate(s, s.Body)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			if !g.listTerminates(c.(*ast.CommClause).Body) {
				return false
			}
		}
		return !hasBreak(s.Body, s, g.labelOf[s])
	}
	return false
}

func (g *gen) listTerminates(list []ast.Stmt) bool {
	for i := len(list) - 1; i >= 0; i-- {
		if _, ok := list[i].(*ast.EmptyStmt); ok {
			continue
		}
		return g.terminates(list[i])
	}
	return false
}

func (g *gen) clausesTerminate(s ast.Stmt, body *ast.BlockStmt) bool {
	hasDefault := false
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			hasDefault = true
		}
		if !g.listTerminates(cc.Body) {
			return false
		}
	}
	return hasDefault && !hasBreak(body, s, g.labelOf[s])
}

// hasBreak reports whether body holds a break that leaves stmt: an unlabeled
// one not inside a nested breakable statement, or one naming stmt's label.
func hasBreak(body ast.Node, stmt ast.Stmt, label string) bool {
	found := false
	var visit func(n ast.Node, nested bool)
	visit = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			if found || x == nil {
				return false
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if x.Tok == token.BREAK && (x.Label == nil && !nested || x.Label != nil && x.Label.Name == label) {
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if x != n {
					var inner ast.Node
					switch y := x.(type) {
					case *ast.ForStmt:
						inner = y.Body
					case *ast.RangeStmt:
						inner = y.Body
					case *ast.SwitchStmt:
						inner = y.Body
					case *ast.TypeSwitchStmt:
						inner = y.Body
					case *ast.SelectStmt:
						inner = y.Body
					}
					visit(inner, true)
					return false
				}
			}
			return true
		})
	}
	visit(body, false)
	return found
}

package codegen

// This file lowers goto statements whose label stands in a statement list
// the splitter cuts into cases. Such a label becomes a case of its own, the
// code from the labelled statement on, and each goto naming it sets the
// frame's label to that case and goes round the dispatch loop, as break and
// continue of a lowered loop do. Go's rules for goto make this sound: a goto
// never jumps into a block or over a variable declaration into its scope, so
// every local in scope at the label was in scope at the goto, and the locals
// whose uses now fall in two cases are declared at the top of Step (or held
// in the frame, when live across an await; liveness follows gotos through
// go/cfg).
//
// A goto whose label stands in code that does not await stays a goto: the
// label and the goto are then printed together, in one statement of the
// user's.

import (
	"go/ast"
	"go/token"
)

// findGotoLabels records the labels named by a goto that stand in a
// statement list the splitter lowers: the body's, and, inside a statement
// that awaits, its blocks', branches' and clauses'.
func (g *gen) findGotoLabels() {
	named := map[string]bool{}
	ast.Inspect(g.fn.Decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && n.Label != nil {
				named[n.Label.Name] = true
			}
		}
		return true
	})
	g.gotoLabels = map[string]*ast.LabeledStmt{}
	if len(named) == 0 {
		return
	}
	var walk func(list []ast.Stmt)
	var inner func(s ast.Stmt)
	walk = func(list []ast.Stmt) {
		for _, s := range list {
			inner(s)
		}
	}
	inner = func(s ast.Stmt) {
		if l, ok := s.(*ast.LabeledStmt); ok {
			if named[l.Label.Name] {
				g.gotoLabels[l.Label.Name] = l
			}
			inner(l.Stmt)
			return
		}
		if !g.hasAwait(s) {
			return
		}
		switch s := s.(type) {
		case *ast.BlockStmt:
			walk(s.List)
		case *ast.IfStmt:
			walk(s.Body.List)
			if s.Else != nil {
				inner(s.Else)
			}
		case *ast.ForStmt:
			walk(s.Body.List)
		case *ast.RangeStmt:
			walk(s.Body.List)
		case *ast.SwitchStmt:
			for _, c := range s.Body.List {
				walk(c.(*ast.CaseClause).Body)
			}
		case *ast.TypeSwitchStmt:
			for _, c := range s.Body.List {
				walk(c.(*ast.CaseClause).Body)
			}
		}
	}
	walk(g.fn.Decl.Body.List)
}

// isGotoLabel reports whether s is a labelled statement whose label is a
// lowered goto target.
func (g *gen) isGotoLabel(s ast.Stmt) bool {
	l, ok := s.(*ast.LabeledStmt)
	return ok && g.gotoLabels[l.Label.Name] == l
}

// labelCase returns the case that starts at the goto label name, made at
// its first use: by a goto before the label, or by the label itself.
func (g *gen) labelCase(name string) *caseBlock {
	if c := g.labelCases[name]; c != nil {
		return c
	}
	l := g.gotoLabels[name]
	c := g.newCase(l.Pos(), name+":")
	g.labelCases[name] = c
	return c
}

// lowerLabel starts the case of a goto label: the code before it jumps
// there. It returns the statement to lower next, in that case: the labelled
// statement, without its label unless break or continue inside it names it
// (a goto inside it then stays a goto too).
func (g *gen) lowerLabel(l *ast.LabeledStmt) ast.Stmt {
	if c := g.labelCase(l.Label.Name); g.curCase != c {
		g.flushCells()
		g.at.add(&jump{target: c, recv: g.recv})
		g.enter(c)
	}
	if g.hasAwait(l.Stmt) || !namesLabel(l.Stmt, l.Label.Name) {
		return l.Stmt
	}
	return l
}

// namesLabel reports whether a branch statement in s names label.
func namesLabel(s ast.Stmt, label string) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Label != nil && b.Label.Name == label {
			found = true
		}
		return !found
	})
	return found
}

// gotoCode prints what a goto to a lowered label runs: the new label, then
// a continue of the dispatch loop. It returns "" for a goto that stays as
// written: its label is defined in root, the statement being printed.
func (g *gen) gotoCode(b *ast.BranchStmt, root ast.Node) string {
	name := b.Label.Name
	if g.gotoLabels[name] == nil {
		return ""
	}
	inside := false
	ast.Inspect(root, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == name {
			inside = true
		}
		return !inside
	})
	if inside {
		return ""
	}
	c := g.labelCase(name)
	c.entered = true
	return g.recv + ".PC = " + g.labelRef(c) + "\n" + g.continueStmt()
}

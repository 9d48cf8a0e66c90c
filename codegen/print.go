package codegen

// This file prints the user's syntax into the split form. Its input is a
// statement or expression of the workflow body; its output is Go source in
// which hoisted locals read and write frame fields, locals declared at the
// top of Step keep their (possibly disambiguated) names, returns become
// machine.Return commands, and break and continue statements that leave a
// lowered loop become label jumps. The syntax is copied before it is
// rewritten, so the package's trees are left as they were loaded.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/durgen/durgen/internal/workflow"
)

// leaf prints a statement that holds no await.
func (g *gen) leaf(s ast.Stmt) string {
	switch s.(type) {
	case *ast.AssignStmt, *ast.DeclStmt:
		return g.simple(s)
	}
	return g.print(s, true)
}

// simple prints a simple statement or declaration, turning declarations of
// hoisted and top-of-Step locals into assignments.
func (g *gen) simple(s ast.Stmt) string {
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			rhs := make([]string, len(s.Rhs))
			for i, r := range s.Rhs {
				rhs[i] = g.expr(r)
			}
			return g.assign(s.Lhs, token.DEFINE, strings.Join(rhs, ", "))
		}
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			break
		}
		var out []string
		for _, spec := range gd.Specs {
			out = append(out, g.varSpec(spec.(*ast.ValueSpec)))
		}
		return strings.Join(out, "\n")
	}
	return g.print(s, true)
}

// varSpec prints one var spec.
func (g *gen) varSpec(spec *ast.ValueSpec) string {
	moved := false
	for _, n := range spec.Names {
		if g.isMoved(n) {
			moved = true
		}
	}
	if !moved {
		return g.print(&ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{spec}}}, true)
	}
	lhs := make([]ast.Expr, len(spec.Names))
	for i, n := range spec.Names {
		lhs[i] = n
	}
	if len(spec.Values) == 0 {
		// var x T: the zero value.
		var out []string
		for _, n := range spec.Names {
			v := g.info.Defs[n].(*types.Var)
			if g.isMoved(n) && g.isCell(v) {
				out = append(out, g.cellBase(v)+" = new("+g.typeString(v.Type())+")")
			} else if g.isMoved(n) {
				out = append(out, g.varName(v)+" = "+g.zero(v.Type()))
			} else {
				out = append(out, "var "+g.varName(v)+" "+g.typeString(v.Type()))
			}
		}
		return strings.Join(out, "\n")
	}
	rhs := make([]string, len(spec.Values))
	for i, r := range spec.Values {
		rhs[i] = g.expr(r)
	}
	return g.assign(lhs, token.DEFINE, strings.Join(rhs, ", "))
}

// isMoved reports whether the local an identifier declares or denotes lives
// in the frame or at the top of Step.
func (g *gen) isMoved(id *ast.Ident) bool {
	v := g.localOf(id)
	if v == nil {
		return false
	}
	_, hoisted := g.fields[v]
	_, top := g.tops[v]
	return hoisted || top
}

// assign prints lhs tok rhs, where rhs is printed already. A := whose left
// side holds moved locals becomes an assignment, after var declarations of
// the new locals that stay.
func (g *gen) assign(lhs []ast.Expr, tok token.Token, rhs string) string {
	names := make([]string, len(lhs))
	moved := false
	for i, l := range lhs {
		names[i] = g.expr(l)
		if id, ok := l.(*ast.Ident); ok && g.isMoved(id) {
			moved = true
		}
	}
	if tok != token.DEFINE || !moved {
		return strings.Join(names, ", ") + " " + tok.String() + " " + rhs
	}
	var out []string
	for _, l := range lhs {
		id := l.(*ast.Ident)
		v, ok := g.info.Defs[id].(*types.Var)
		if !ok || v == nil || v.Name() == "_" {
			continue
		}
		switch {
		case !g.isMoved(id):
			out = append(out, "var "+g.varName(v)+" "+g.typeString(v.Type()))
		case g.isCell(v):
			out = append(out, g.cellBase(v)+" = new("+g.typeString(v.Type())+")")
		}
	}
	return strings.Join(append(out, strings.Join(names, ", ")+" = "+rhs), "\n")
}

// expr prints an expression.
func (g *gen) expr(e ast.Expr) string {
	if e == nil {
		return ""
	}
	return g.print(e, false)
}

// source prints a node exactly as the user wrote it, for comments.
func (g *gen) source(n ast.Node) string {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return ""
	}
	var buf bytes.Buffer
	printer.Fprint(&buf, g.fset, n)
	return strings.Join(strings.Fields(buf.String()), " ")
}

// print copies n, rewrites the copy and prints it. With comments, the
// comments inside n are printed too.
func (g *gen) print(n ast.Node, comments bool) string {
	c := g.cloneRewrite(n)
	var buf bytes.Buffer
	var err error
	if comments && n.Pos().IsValid() {
		// Only the comments inside the original statement: rewritten
		// identifiers are longer than the source's, so the copy's extent
		// reaches past the statement.
		var in []*ast.CommentGroup
		for _, cg := range g.file.Comments {
			if cg.Pos() >= n.Pos() && cg.End() <= n.End() {
				in = append(in, cg)
			}
		}
		err = printer.Fprint(&buf, g.fset, &printer.CommentedNode{Node: c, Comments: in})
	} else {
		err = printer.Fprint(&buf, g.fset, c)
	}
	if err != nil {
		panic(fmt.Sprintf("print %T: %v", n, err))
	}
	return buf.String()
}

// printRaw prints a node that is rewritten already.
func (g *gen) printRaw(n ast.Node) string {
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, g.fset, n); err != nil {
		panic(fmt.Sprintf("print %T: %v", n, err))
	}
	return buf.String()
}

// cloneRewrite copies n and rewrites the copy.
func (g *gen) cloneRewrite(n ast.Node) ast.Node {
	orig := map[ast.Node]ast.Node{}
	c := clone(reflect.ValueOf(n), orig).Interface().(ast.Node)

	// stack holds the user's own breakable statements around the cursor,
	// innermost last; a function literal is a barrier.
	var stack []ast.Node
	userLoops := func() int {
		k := 0
		for i := len(stack) - 1; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.FuncLit:
				return k
			case *ast.ForStmt, *ast.RangeStmt:
				k++
			}
		}
		return k
	}
	inFuncLit := func() bool {
		for _, s := range stack {
			if _, ok := s.(*ast.FuncLit); ok {
				return true
			}
		}
		return false
	}
	pre := func(cur *astutil.Cursor) bool {
		switch x := cur.Node().(type) {
		case *ast.Ident:
			if o, ok := orig[x].(*ast.Ident); ok {
				x.Name = g.identName(o)
			}
		case *ast.FuncLit:
			stack = append(stack, x)
			g.captureCells(x, orig)
		case *ast.UnaryExpr:
			// &v of a cell is the cell.
			if id, ok := x.X.(*ast.Ident); ok && x.Op == token.AND {
				if o, ok := orig[id].(*ast.Ident); ok {
					if v := g.localOf(o); v != nil && g.isCell(v) {
						g.noteRef(v)
						name := g.cellBase(v)
						if c, ok := g.captures[v]; ok {
							name = c
						}
						cur.Replace(&ast.Ident{NamePos: x.Pos(), Name: name})
						return false
					}
				}
			}
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			stack = append(stack, x)
		case *ast.ReturnStmt:
			if !inFuncLit() {
				args := make([]string, len(x.Results))
				origs := make([]ast.Expr, len(x.Results))
				for i, r := range x.Results {
					origs[i] = orig[r].(ast.Expr)
					args[i] = g.printRaw(rewriteIdents(r, orig, g))
				}
				cmd := g.returnCommand(strings.Join(args, ", "), origs)
				if g.epilogue == nil {
					cur.Replace(&ast.ReturnStmt{Return: x.Return, Results: []ast.Expr{&ast.Ident{NamePos: x.Return, Name: cmd}}})
					return false
				}
				saved := g.userLoops
				g.userLoops += userLoops()
				cur.Replace(&ast.ExprStmt{X: &ast.Ident{NamePos: x.Pos(), Name: g.returnStmt(cmd)}})
				g.userLoops = saved
				return false
			}
		case *ast.DeferStmt:
			if !inFuncLit() {
				cur.Replace(&ast.ExprStmt{X: &ast.Ident{NamePos: x.Pos(), Name: g.deferStmt(orig[x].(*ast.DeferStmt))}})
				return false
			}
		case *ast.BranchStmt:
			if inFuncLit() {
				break
			}
			if x.Tok == token.GOTO {
				saved := g.userLoops
				g.userLoops += userLoops()
				code := g.gotoCode(x, n)
				g.userLoops = saved
				if code != "" {
					cur.Replace(&ast.ExprStmt{X: &ast.Ident{NamePos: x.Pos(), Name: code}})
					return false
				}
				break
			}
			t := g.branchTarget(x, stack)
			if t == nil {
				break
			}
			saved := g.userLoops
			g.userLoops += userLoops()
			code := append(g.branchCode(x, t), g.continueStmt())
			cur.Replace(&ast.ExprStmt{X: &ast.Ident{NamePos: x.Pos(), Name: strings.Join(code, "\n")}})
			g.userLoops = saved
			return false
		}
		return true
	}
	post := func(cur *astutil.Cursor) bool {
		switch x := cur.Node().(type) {
		case *ast.FuncLit:
			stack = stack[:len(stack)-1]
			g.releaseCaptures(x)
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			stack = stack[:len(stack)-1]
		}
		return true
	}
	return astutil.Apply(c, pre, post)
}

// captureCells makes the function literal lit (a copy) capture the current
// cell of each cell local it refers to: a copy of the pointer is taken just
// before the statement that makes the closure (see flushCells), and the
// literal's references go through it.
func (g *gen) captureCells(lit *ast.FuncLit, orig map[ast.Node]ast.Node) {
	var vars []*types.Var
	seen := map[*types.Var]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if o, ok := orig[id].(*ast.Ident); ok {
				if v := g.localOf(o); v != nil && g.isCell(v) && !seen[v] {
					if _, outer := g.captures[v]; !outer {
						seen[v] = true
						vars = append(vars, v)
					}
				}
			}
		}
		return true
	})
	if len(vars) == 0 {
		return
	}
	var set []*types.Var
	for _, v := range vars {
		g.cellSeq++
		name := fmt.Sprintf("%sCell%d", v.Name(), g.cellSeq)
		g.noteRef(v)
		g.cellPre = append(g.cellPre, name+" := "+g.cellBase(v))
		g.captures[v] = name
		set = append(set, v)
	}
	g.captureSets[lit] = set
}

// releaseCaptures ends the captures made for lit.
func (g *gen) releaseCaptures(lit *ast.FuncLit) {
	for _, v := range g.captureSets[lit] {
		delete(g.captures, v)
	}
	delete(g.captureSets, lit)
}

// rewriteIdents renames the identifiers of an already copied subtree.
func rewriteIdents(n ast.Node, orig map[ast.Node]ast.Node, g *gen) ast.Node {
	ast.Inspect(n, func(n ast.Node) bool {
		if x, ok := n.(*ast.Ident); ok {
			if o, ok := orig[x].(*ast.Ident); ok {
				x.Name = g.identName(o)
				delete(orig, x)
			}
		}
		return true
	})
	return n
}

// identName is the name an identifier of the source prints as.
func (g *gen) identName(id *ast.Ident) string {
	if pn, ok := g.info.Uses[id].(*types.PkgName); ok {
		g.imports.use(pn.Imported().Path(), pn.Name(), pn.Imported().Name())
		return id.Name
	}
	v := g.localOf(id)
	if v == nil {
		return id.Name
	}
	if v != g.fn.Recv {
		g.noteRef(v)
	}
	return g.varName(v)
}

// varName is the name a local prints as: a frame field, a top-of-Step local
// or its own name.
func (g *gen) varName(v *types.Var) string {
	if v == g.fn.Recv {
		return g.recv + "." + g.recvField
	}
	if g.isCell(v) {
		if name, ok := g.captures[v]; ok {
			return "(*" + name + ")"
		}
		return "(*" + g.cellBase(v) + ")"
	}
	return g.cellBase(v)
}

// cellBase is the name of a moved local's storage: its frame field or its
// top-of-Step variable (for a cell, the pointer).
func (g *gen) cellBase(v *types.Var) string {
	if f, ok := g.fields[v]; ok {
		return g.recv + "." + f.name
	}
	if name, ok := g.tops[v]; ok {
		return name
	}
	return v.Name()
}

// isCell reports whether v is kept in a cell: it is moved (a frame field or
// a top-of-Step local) and a closure captures it or its address is taken.
// Each execution of its declaration then makes a new cell, so a closure (or
// pointer) made in one loop iteration keeps that iteration's variable, as Go
// 1.22 semantics say, although the frame has one field for it.
func (g *gen) isCell(v *types.Var) bool {
	if !g.captured[v] {
		return false
	}
	_, hoisted := g.fields[v]
	_, top := g.tops[v]
	return hoisted || top
}

// flushCells adds the pending capture copies at the insertion point: they
// must run just before the statement whose closures capture the cells.
func (g *gen) flushCells() {
	for _, c := range g.cellPre {
		g.at.add(&text{src: c})
	}
	g.cellPre = nil
}

// localOf returns the local variable an identifier declares or denotes.
func (g *gen) localOf(id *ast.Ident) *types.Var {
	obj := g.info.Defs[id]
	if obj == nil {
		obj = g.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Name() == "_" || v == g.fn.Ctx {
		return nil
	}
	if !workflow.IsLocal(g.fn, v) {
		return nil
	}
	return v
}

// noteRef records that the current case refers to v.
func (g *gen) noteRef(v *types.Var) {
	if g.curCase == nil {
		return
	}
	if g.refs[v] == nil {
		g.refs[v] = map[*caseBlock]bool{}
	}
	g.refs[v][g.curCase] = true
}

// branchTarget returns the lowered loop a break or continue leaves, or nil
// if it stays within the user's own statements.
func (g *gen) branchTarget(b *ast.BranchStmt, stack []ast.Node) *target {
	if b.Tok != token.BREAK && b.Tok != token.CONTINUE {
		return nil
	}
	if b.Label != nil {
		for _, s := range stack {
			if l, ok := g.labelOf[s]; ok && l == b.Label.Name {
				return nil
			}
		}
		for i := len(g.targets) - 1; i >= 0; i-- {
			if g.targets[i].label == b.Label.Name {
				return g.targets[i]
			}
		}
		return nil
	}
	// An unlabeled branch belongs to the innermost statement of the user's
	// own around it, if any; else to the innermost lowered one.
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncLit:
			return nil
		case *ast.ForStmt, *ast.RangeStmt:
			return nil
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if b.Tok == token.BREAK {
				return nil
			}
		}
	}
	for i := len(g.targets) - 1; i >= 0; i-- {
		if b.Tok == token.BREAK || !g.targets[i].isSwitch {
			return g.targets[i]
		}
	}
	return nil
}

// branchCode prints what a break or continue of a lowered loop runs before
// going round the dispatch loop: the post statement, then the new label.
func (g *gen) branchCode(b *ast.BranchStmt, t *target) []string {
	var out []string
	dest := t.brk
	if b.Tok == token.CONTINUE {
		out = append(out, t.perIter...)
		if t.post != nil {
			out = append(out, g.simple(t.post))
		}
		dest = t.cont
	}
	dest.entered = true
	return append(out, fmt.Sprintf("%s.PC = %s", g.recv, g.labelRef(dest)))
}

// labelRef is a placeholder for a case's label number, filled in when the
// numbers are known.
func (g *gen) labelRef(c *caseBlock) string { return fmt.Sprintf("\x00%d\x00", c.seq) }

// returnCommand prints the command a return statement gives, for printed
// results args (the source results, nil for a bare return).
func (g *gen) returnCommand(args string, results []ast.Expr) string {
	sig := g.fn.Obj.Type().(*types.Signature)
	res := sig.Results()
	if args == "" && res.Len() > 0 && res.At(0).Name() != "" {
		// Bare return: the named results.
		var names []string
		for i := 0; i < res.Len(); i++ {
			names = append(names, g.resultName(res.At(i)))
		}
		args = strings.Join(names, ", ")
		results = nil
	}
	ret := g.machine + ".Return"
	if res.Len() == 1 {
		return ret + "(struct{}{}, " + args + ")"
	}
	if len(results) == 2 {
		// An untyped constant, nil or a value of another (assignable) type
		// would make Return infer another type than the result's, and encode
		// it differently.
		if tv, ok := g.info.Types[results[0]]; ok && needsTypeArg(tv, res.At(0).Type()) {
			ret += "[" + g.typeString(res.At(0).Type()) + "]"
		}
	}
	return ret + "(" + args + ")"
}

// resultName prints a named result.
func (g *gen) resultName(v *types.Var) string {
	g.noteRef(v)
	return g.varName(v)
}

// needsTypeArg reports whether machine.Return must be told the result type
// out: when the result is nil, a value of another type, or a constant (go/types
// records an untyped constant with the type it converts to, but in the
// generated call it would take its default type) of a type other than its
// default.
func needsTypeArg(tv types.TypeAndValue, out types.Type) bool {
	if tv.IsNil() || !types.Identical(tv.Type, out) {
		return true
	}
	if tv.Value == nil {
		return false
	}
	b, ok := out.(*types.Basic)
	if !ok {
		return true
	}
	switch tv.Value.Kind() {
	case constant.Int:
		return b.Kind() != types.Int
	case constant.Float:
		return b.Kind() != types.Float64
	case constant.String:
		return b.Kind() != types.String
	case constant.Bool:
		return b.Kind() != types.Bool
	}
	return true
}

// typeString prints a type as the generated file names it.
func (g *gen) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == g.pkg.Types {
			return ""
		}
		return g.imports.nameFor(p, g.file)
	})
}

// zero prints the zero value of t.
func (g *gen) zero(t types.Type) string {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false"
		case u.Info()&types.IsString != 0:
			return `""`
		case u.Info()&types.IsNumeric != 0:
			return "0"
		}
		return "nil"
	case *types.Struct, *types.Array:
		return g.typeString(t) + "{}"
	default:
		return "nil"
	}
}

// clone deep-copies a syntax tree, recording the original of each copied
// node. Objects and scopes are shared, not copied.
func clone(v reflect.Value, orig map[ast.Node]ast.Node) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		switch v.Interface().(type) {
		case *ast.Object, *ast.Scope, *ast.CommentGroup:
			return v
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(clone(v.Elem(), orig))
		if n, ok := v.Interface().(ast.Node); ok {
			orig[c.Interface().(ast.Node)] = n
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(clone(v.Elem(), orig))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(clone(v.Index(i), orig))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		for i := 0; i < v.NumField(); i++ {
			if c.Field(i).CanSet() {
				c.Field(i).Set(clone(v.Field(i), orig))
			}
		}
		return c
	}
	return v
}

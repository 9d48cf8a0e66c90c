package codegen

// This file brings awaits nested in expressions to the statement level the
// splitter takes. Its input is a type-checked package; its output is the same
// package with each workflow statement that holds a nested await rewritten,
// in source form, and type-checked again (through a go/packages overlay), so
// the rest of the pipeline sees ordinary code with full type information.
//
// The rewrite keeps Go's evaluation order. In an expression whose operands
// are evaluated left to right, the operands before the last one that awaits
// are spilled to temporaries (tmp1, tmp2, ...) first, unless they are pure
// (workflow.IsPure: they call and receive nothing), then that operand is
// brought out; operands after it stay in place. A && or || whose right side
// awaits becomes a temporary and an if, so the right side still runs only
// when Go would run it. An await in an if or for condition, a switch tag, a
// type switch's guard or a range expression is brought out before the
// statement (a for condition: at the top of each iteration, as
// `if !cond { break }`).
//
// An assignment, an assignment operation or an increment evaluates the
// operands on its left (the indexed value and the index of x[i], the
// pointer of *p) and then its right side, left to right, as Go does, and
// keeps its form, so that x[i] op= v still reads and writes x[i] once:
//
//	xs[next()] += f(await(x))     tmp1 := next()
//	                              tmp2, tmp3 := await(x)
//	                              xs[tmp1] += f(tmp2, tmp3)
//
// An await that is the whole right side stays there, after the left's
// operands (an impure one spilled first). A var declaration of several
// specs some of which await becomes one declaration a spec, on the spec's
// lines.
//
// A switch whose case expressions await picks its clause first. It
// evaluates the init and the tag once (the tag into a temporary, unless it
// is a local variable that only an assignment can change), then the case
// expressions top to bottom and left to right in a chain of ifs that stops
// at the first match and records the index of the matching clause, and
// then switches on that index. The clauses keep their bodies, their order,
// the place of default and their fallthroughs; the switch keeps its label:
//
//	switch init; tag {        init
//	case a, b:                tmp1 := tag
//	    A                     tmp2 := -1
//	case f(await(x)):         if tmp1 == a || tmp1 == b {
//	    B                         tmp2 = 0
//	default:                  } else {
//	    D                         tmp3 := await(x)
//	}                             if tmp1 == f(tmp3) {
//	                                  tmp2 = 1
//	                              }
//	                          }
//	                          switch tmp2 {
//	                          case 0:
//	                              A
//	                          case 1:
//	                              B
//	                          default:
//	                              D
//	                          }
//
// Everything up to `switch tmp2 {` stands on the switch's first line, so
// that each clause keeps its lines; a block holds it all if the init
// declares names.
//
// A for loop whose init statement awaits has the init's awaits brought out
// before it; a := init still declares the loop variables in the loop's
// header, from temporaries, so that each iteration has its own; any other
// init moves before the loop. A for loop whose post statement awaits runs
// the post at the top of every iteration but the first, and its condition
// after it:
//
//	for init; cond; post {    tmp1 := true
//	    body                  for init; ; {
//	}                             if tmp1 {
//	                                  tmp1 = false
//	                              } else {
//	                                  post
//	                              }
//	                              if !(cond) {
//	                                  break
//	                              }
//	                              body
//	                          }
//
// so continue still runs the post and break does not, and Go's copy of the
// per-iteration loop variables still comes before the post.
//
// The temporaries have fresh names, so the statements that declare them
// need no block of their own, except in a workflow with a goto, which Go
// forbids to jump over a declaration: there a rewritten statement and the
// statements brought out in front of it stand in a block. A label that
// break or continue names moves into the block with its statement; a label
// only goto names stays in front of the block.
//
// Line numbers are kept: a rewritten statement takes as many lines as the
// original, so positions in frame comments and diagnostics still point at
// the user's source.
//
// The operands it spills are exactly those workflow.Spills names (checked
// after each workflow: a disagreement is an internal error), so that the
// split check sees every temporary kept across an await.
//
// What it does not do: awaits in a send statement; a spilled operand whose
// value may share memory with something else of the workflow (a map, slice,
// pointer, channel, func or interface a call makes, before an await of its
// statement: its temporary would live across the await, and a restored
// copy no longer shares memory with the original); awaits in the header of
// a statement moved into a block whose label both goto and break or
// continue name. The split check of internal/workflow refuses those.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"

	"github.com/durgen/durgen/internal/workflow"
)

// normalize returns pkg with the nested awaits of its workflows brought out,
// reloaded; or pkg itself if there are none.
func normalize(pkg *packages.Package) (*packages.Package, error) {
	fns := workflow.Find(pkg.Syntax, pkg.TypesInfo)
	edits := map[*ast.File][]edit{}
	for _, fn := range fns {
		n := &normalizer{pkg: pkg, fn: fn, awaits: map[*ast.CallExpr]*workflow.Await{}, names: map[string]bool{}, gotos: map[string]bool{}, files: map[string][]byte{}, spilled: map[ast.Expr]bool{}}
		for _, a := range fn.Awaits {
			n.awaits[a.Call] = a
		}
		ast.Inspect(fn.Decl, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok {
				n.names[id.Name] = true
			}
			return true
		})
		ast.Inspect(fn.Decl.Body, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if x.Tok == token.GOTO && x.Label != nil {
					n.gotos[x.Label.Name] = true
				}
			}
			return true
		})
		n.stmts(fn.Decl.Body.List)
		n.checkSpills()
		if len(n.edits) > 0 {
			f := fileOf(pkg, fn.Decl.Pos())
			edits[f] = append(edits[f], n.edits...)
		}
	}
	if len(edits) == 0 {
		return pkg, nil
	}
	overlay := map[string][]byte{}
	for f, es := range edits {
		name := pkg.Fset.Position(f.Pos()).Filename
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		tf := pkg.Fset.File(f.Pos())
		// Apply from the end so offsets stay valid.
		for i := len(es) - 1; i >= 0; i-- {
			e := es[i]
			start, end := tf.Offset(e.pos), tf.Offset(e.end)
			src = append(src[:start:start], append([]byte(e.text), src[end:]...)...)
		}
		overlay[name] = src
	}
	return recheck(pkg, overlay)
}

// recheck parses pkg again with the files in overlay replaced and
// type-checks it in process against the imports already loaded.
func recheck(pkg *packages.Package, overlay map[string][]byte) (*packages.Package, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range pkg.CompiledGoFiles {
		src, ok := overlay[name]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				return nil, err
			}
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			panic(fmt.Sprintf("normalized workflows do not parse: %v\n%s", err, src))
		}
		files = append(files, f)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if p, ok := pkg.Imports[path]; ok {
				return p.Types, nil
			}
			return nil, fmt.Errorf("package %s not loaded", path)
		}),
		GoVersion: pkg.TypesInfo.FileVersions[pkg.Syntax[0]],
	}
	tpkg, err := conf.Check(pkg.PkgPath, fset, files, info)
	if err != nil {
		var srcs []string
		for name, src := range overlay {
			srcs = append(srcs, "--- "+name+"\n"+string(src))
		}
		panic(fmt.Sprintf("normalized workflows do not type-check: %v\n%s", err, strings.Join(srcs, "\n")))
	}
	out := *pkg
	out.Fset, out.Syntax, out.Types, out.TypesInfo = fset, files, tpkg, info
	return &out, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// edit replaces the source between pos and end.
type edit struct {
	pos, end token.Pos
	text     string
}

type normalizer struct {
	pkg    *packages.Package
	fn     *workflow.Func
	awaits map[*ast.CallExpr]*workflow.Await
	names  map[string]bool
	temps  int
	edits  []edit
	// gotos holds the labels a goto names.
	gotos map[string]bool
	// files caches the source of the files read by splice.
	files map[string][]byte
	// spilled holds the operands spilled to temporaries, which must be
	// the ones workflow.Spills names (checkSpills).
	spilled map[ast.Expr]bool
	// label is the label of the statement being rewritten; labelUsed
	// reports that its text carries it.
	label     string
	labelUsed bool
}

// hasAwait reports whether n holds an await outside function literals.
func (n *normalizer) hasAwait(x ast.Node) bool {
	if x == nil || reflect.ValueOf(x).IsNil() {
		return false
	}
	found := false
	ast.Inspect(x, func(m ast.Node) bool {
		if found {
			return false
		}
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := m.(*ast.CallExpr); ok && n.awaits[c] != nil {
			found = true
		}
		return !found
	})
	return found
}

// isAwait reports whether e is an await call.
func (n *normalizer) isAwait(e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && n.awaits[c] != nil
}

// temp returns a fresh temporary name.
func (n *normalizer) temp() string {
	for {
		n.temps++
		name := fmt.Sprintf("tmp%d", n.temps)
		if !n.names[name] {
			n.names[name] = true
			return name
		}
	}
}

func (n *normalizer) stmts(list []ast.Stmt) {
	for _, s := range list {
		n.stmt(s)
	}
}

// checkSpills panics (an internal error) unless the operands spilled are
// those that workflow.Spills names, which the split check refuses when they
// can share memory: the check must see every temporary kept across an
// await.
func (n *normalizer) checkSpills() {
	want := map[ast.Expr]bool{}
	for _, sp := range workflow.Spills(n.pkg.TypesInfo, n.fn) {
		want[sp.X] = true
	}
	var wrong []string
	for e := range n.spilled {
		if !want[e] {
			wrong = append(wrong, fmt.Sprintf("%v: %s is spilled but workflow.Spills does not name it", n.pkg.Fset.Position(e.Pos()), types.ExprString(e)))
		}
	}
	for e := range want {
		if !n.spilled[e] {
			wrong = append(wrong, fmt.Sprintf("%v: workflow.Spills names %s but it is not spilled", n.pkg.Fset.Position(e.Pos()), types.ExprString(e)))
		}
	}
	if len(wrong) > 0 {
		sort.Strings(wrong)
		panic("normalize: " + strings.Join(wrong, "; "))
	}
}

// stmt rewrites s if it holds a nested await, and looks inside it.
func (n *normalizer) stmt(s ast.Stmt) {
	// The label applies to s only, not to the statements inside it.
	label := n.label
	n.label = ""
	if s == nil || !n.hasAwait(s) {
		return
	}
	switch s := s.(type) {
	case *ast.LabeledStmt:
		if n.gotos[s.Label.Name] {
			// A goto may not jump into a block: the label stays in
			// front of the block the statement may be brought into.
			// (The split check refuses a label that break or continue
			// names too, on a statement brought into a block.)
			n.stmt(s.Stmt)
			return
		}
		// A statement brought into a block takes its label along, so
		// that break and continue still name it: the edit then covers
		// the labelled statement.
		n.label, n.labelUsed = s.Label.Name, false
		n.stmt(s.Stmt)
		if n.labelUsed {
			for i, e := range n.edits {
				if e.pos == s.Stmt.Pos() && e.end == s.Stmt.End() {
					n.edits[i].pos = s.Pos()
					// A label on a line of its own: the block starts on
					// the statement's line still.
					n.edits[i].text = strings.Repeat("\n", n.line(s.Stmt.Pos())-n.line(s.Pos())) + e.text
				}
			}
		}
		n.label, n.labelUsed = "", false
	case *ast.BlockStmt:
		n.stmts(s.List)
	case *ast.ExprStmt:
		if n.isAwait(s.X) {
			n.replaceCallArgs(s, s.X)
			return
		}
		pre, out := n.flat(s.X)
		n.replace(s, pre, out)
	case *ast.AssignStmt:
		n.assign(s, s.Lhs, s.Rhs)
	case *ast.IncDecStmt:
		n.assign(s, []ast.Expr{s.X}, nil)
	case *ast.DeclStmt:
		gd := s.Decl.(*ast.GenDecl)
		if len(gd.Specs) > 1 {
			n.varGroup(s, gd)
			return
		}
		pre, text, ok := n.valueSpec(gd.Specs[0].(*ast.ValueSpec), s)
		if ok {
			n.replace(s, pre, text)
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 && n.isAwait(s.Results[0]) {
			n.replaceCallArgs(s, s.Results[0])
			return
		}
		pre, outs := n.flatList(s.Results)
		n.replace(s, pre, n.src(s, nil, s.Results, outs))
	case *ast.IfStmt:
		n.ifStmt(s, label)
	case *ast.ForStmt:
		if n.hasAwait(s.Init) || n.hasAwait(s.Post) {
			n.forClauses(s, label)
			return
		}
		if n.hasAwait(s.Cond) {
			pre, cond := n.flat(s.Cond)
			check := strings.Join(append(pre, "if !("+cond+") {\nbreak\n}"), "\n")
			head := "for "
			if s.Init != nil || s.Post != nil {
				head += n.src(s.Init, nil, nil, nil) + "; ; " + n.src(s.Post, nil, nil, nil) + " "
			}
			n.stmts(s.Body.List)
			n.replace(s, nil, n.splice(s, []edit{n.part(s.Pos(), s.Body.Lbrace+1, head+"{\n"+check)}))
			return
		}
		n.stmts(s.Body.List)
	case *ast.RangeStmt:
		if n.hasAwait(s.X) {
			n.stmts(s.Body.List)
			pre, x := n.flat(s.X)
			n.replace(s, nil, n.splice(s, []edit{
				n.part(s.For, s.For+3, "{\n"+strings.Join(pre, "\n")+"\n"+n.labelledAs(label, "for")),
				n.part(s.X.Pos(), s.X.End(), x),
				{pos: s.End(), end: s.End(), text: " }"},
			}))
			return
		}
		n.stmts(s.Body.List)
	case *ast.SwitchStmt:
		for _, c := range s.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				if n.hasAwait(e) {
					n.switchCases(s, label)
					return
				}
			}
		}
		if n.hasAwait(s.Tag) || n.hasAwait(s.Init) {
			for _, c := range s.Body.List {
				n.stmts(c.(*ast.CaseClause).Body)
			}
			pre := []string{}
			if s.Init != nil {
				pre = append(pre, n.stmtText(s.Init))
			}
			p, tag := n.flat(s.Tag)
			pre = append(pre, p...)
			n.replace(s, nil, n.splice(s, []edit{
				n.part(s.Pos(), s.Body.Lbrace, "{\n"+strings.Join(pre, "\n")+"\n"+n.labelledAs(label, "switch "+tag+" ")),
				{pos: s.End(), end: s.End(), text: " }"},
			}))
			return
		}
		for _, c := range s.Body.List {
			n.stmts(c.(*ast.CaseClause).Body)
		}
	case *ast.TypeSwitchStmt:
		if n.hasAwait(s.Init) || n.hasAwait(s.Assign) {
			n.typeSwitch(s, label)
			return
		}
		for _, c := range s.Body.List {
			n.stmts(c.(*ast.CaseClause).Body)
		}
	}
}

// assign rewrites an assignment or an increment, lhs = rhs, that holds a
// nested await. Go evaluates the operands on the left (the indexed value
// and the index of x[i], the pointer of *p) and the right side in the usual
// order, then assigns: those before the last await are spilled, and the
// statement keeps its form, so x[i] op= v still reads and writes x[i] once.
// An await that is the whole right side stays there, after the left's
// operands and its arguments.
func (n *normalizer) assign(s ast.Stmt, lhs, rhs []ast.Expr) {
	var es []ast.Expr
	for _, l := range lhs {
		for _, o := range workflow.LeftOperands(n.pkg.TypesInfo, l) {
			es = append(es, o.X)
		}
	}
	ops := len(es)
	last := -1
	if len(rhs) == 1 && n.isAwait(rhs[0]) {
		// Everything on the left runs before the await.
		last = ops
		rhs = ast.Unparen(rhs[0]).(*ast.CallExpr).Args
	}
	es = append(es, rhs...)
	for i, e := range es {
		if n.hasAwait(e) && i > last {
			last = i
		}
	}
	impure := false
	for _, e := range es[:max(0, min(last, ops))] {
		impure = impure || !n.isPure(e)
	}
	if !impure && !n.anyAwait(es) {
		return // an await whose arguments do not await, after variables
	}
	pre, outs := n.spill(es, last)
	n.replace(s, pre, n.src(s, nil, es, outs))
}

// anyAwait reports whether one of es holds an await.
func (n *normalizer) anyAwait(es []ast.Expr) bool {
	for _, e := range es {
		if n.hasAwait(e) {
			return true
		}
	}
	return false
}

// valueSpec returns the statements to run before the declaration of spec
// (of statement s) and the declaration's text, or false if it stays as it
// is: its one value is an await whose arguments do not await.
func (n *normalizer) valueSpec(spec *ast.ValueSpec, s ast.Node) ([]string, string, bool) {
	if len(spec.Values) == 1 && n.isAwait(spec.Values[0]) {
		args := ast.Unparen(spec.Values[0]).(*ast.CallExpr).Args
		if !n.anyAwait(args) {
			return nil, "", false
		}
		pre, outs := n.flatList(args)
		return pre, n.src(s, nil, args, outs), true
	}
	pre, outs := n.flatList(spec.Values)
	return pre, n.src(s, nil, spec.Values, outs), true
}

// varGroup rewrites a var declaration of several specs some of which
// await: each spec becomes a declaration of its own, on its own lines,
// rewritten as a declaration of one spec is.
func (n *normalizer) varGroup(s *ast.DeclStmt, gd *ast.GenDecl) {
	parts := []edit{n.part(gd.TokPos, gd.Lparen+1, "")}
	for _, sp := range gd.Specs {
		spec := sp.(*ast.ValueSpec)
		var pre []string
		text, ok := "", false
		if n.hasAwait(spec) {
			// The spec's comments stay where they are, in the source
			// around the part.
			bare := *spec
			bare.Doc, bare.Comment = nil, nil
			pre, text, ok = n.valueSpec(spec, &bare)
		}
		if !ok {
			parts = append(parts, edit{pos: spec.Pos(), end: spec.Pos(), text: "var "})
			continue
		}
		parts = append(parts, n.part(spec.Pos(), spec.End(), strings.Join(append(pre, "var "+text), "\n")))
	}
	parts = append(parts, n.part(gd.Rparen, gd.Rparen+1, ""))
	n.replace(s, nil, n.splice(s, parts))
}

// typeSwitch rewrites a type switch whose init or guard awaits: the init
// and the awaits of the guard's operand come before the switch, in a block
// if the init declares names.
func (n *normalizer) typeSwitch(s *ast.TypeSwitchStmt, label string) {
	var pre []string
	if s.Init != nil {
		pre = append(pre, n.stmtText(s.Init))
	}
	var guard *ast.TypeAssertExpr
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		guard = a.Rhs[0].(*ast.TypeAssertExpr)
	case *ast.ExprStmt:
		guard = a.X.(*ast.TypeAssertExpr)
	}
	p, x := n.flat(guard.X)
	pre = append(pre, p...)
	for _, c := range s.Body.List {
		n.stmts(c.(*ast.CaseClause).Body)
	}
	as, _ := s.Init.(*ast.AssignStmt)
	open, close := n.opener(as != nil && as.Tok == token.DEFINE)
	parts := []edit{n.part(s.Pos(), s.Assign.Pos(), open+strings.Join(pre, "\n")+"\n"+n.labelledAs(label, "switch "))}
	if n.hasAwait(guard.X) {
		parts = append(parts, n.part(guard.X.Pos(), guard.X.End(), x))
	}
	if close != "" {
		parts = append(parts, n.part(s.Body.Rbrace, s.End(), "}"+close))
	}
	n.replace(s, nil, n.splice(s, parts))
}

// ifStmt rewrites an if whose condition awaits, or whose init holds a
// nested await; else it looks inside.
func (n *normalizer) ifStmt(s *ast.IfStmt, label string) {
	nestedInit := false
	if s.Init != nil && n.hasAwait(s.Init) {
		before := len(n.edits)
		n.stmt(s.Init)
		nestedInit = len(n.edits) > before
	}
	if !n.hasAwait(s.Cond) && !nestedInit {
		n.stmts(s.Body.List)
		if s.Else != nil {
			n.stmt(s.Else)
		}
		return
	}
	var pre []string
	if s.Init != nil {
		pre = append(pre, n.stmtText(s.Init))
	}
	p, cond := n.flat(s.Cond)
	pre = append(pre, p...)
	// The if keeps its branches as written, normalized in place.
	n.stmts(s.Body.List)
	if s.Else != nil {
		n.stmt(s.Else)
	}
	n.replace(s, nil, n.splice(s, []edit{
		n.part(s.Pos(), s.Body.Lbrace, "{\n"+strings.Join(pre, "\n")+"\n"+n.labelledAs(label, "if "+cond+" ")),
		{pos: s.End(), end: s.End(), text: " }"},
	}))
}

// switchCases rewrites a switch whose case expressions await: a chain of
// ifs picks the clause, and the switch switches on its index.
func (n *normalizer) switchCases(s *ast.SwitchStmt, label string) {
	var pre []string
	if s.Init != nil {
		pre = append(pre, n.stmtText(s.Init))
	}
	tag := ""
	switch {
	case s.Tag != nil && n.isStable(s.Tag):
		tag = n.src(s.Tag, nil, nil, nil)
	case s.Tag != nil:
		p, t := n.flat(s.Tag)
		n.spilled[s.Tag] = true
		tag = n.temp()
		pre = append(append(pre, p...), tag+" := "+t)
	}
	idx := n.temp()
	pre = append(pre, idx+" := -1")
	var tests []caseTest
	var heads []edit
	k := 0
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			continue // default
		}
		for _, e := range cc.List {
			tests = append(tests, caseTest{k, e})
		}
		heads = append(heads, n.part(cc.Case, cc.Colon+1, fmt.Sprintf("case %d:", k)))
		k++
	}
	pre = append(pre, n.chain(tag, idx, tests)...)
	for _, c := range s.Body.List {
		n.stmts(c.(*ast.CaseClause).Body)
	}
	// A block keeps the init's names to the switch.
	as, _ := s.Init.(*ast.AssignStmt)
	open, close := n.opener(as != nil && as.Tok == token.DEFINE)
	head := open + strings.Join(pre, "\n") + "\n" + n.labelledAs(label, "switch "+idx+" {")
	parts := append([]edit{n.part(s.Pos(), s.Body.Lbrace+1, head)}, heads...)
	parts = append(parts, n.part(s.Body.Rbrace, s.End(), "}"+close))
	n.replace(s, nil, n.splice(s, parts))
}

// opener returns the text that opens and closes the block a rewritten
// statement and the statements brought out in front of it stand in, if
// they need one: when scoped holds, or a goto could jump over the
// temporaries (Go refuses a goto past a declaration). The temporaries'
// names are fresh, so they need no block of their own.
func (n *normalizer) opener(scoped bool) (string, string) {
	if scoped || len(n.gotos) > 0 {
		return "{\n", "\n}"
	}
	return "", ""
}

// isStable reports whether a switch tag may be read again in each case
// comparison instead of once (workflow.IsStableTag).
func (n *normalizer) isStable(e ast.Expr) bool { return workflow.IsStableTag(n.pkg.TypesInfo, n.fn, e) }

// caseTest is a case expression of the clause with index clause.
type caseTest struct {
	clause int
	e      ast.Expr
}

// chain returns the statements that evaluate the case expressions of tests
// in order until one matches (equals tag, or is true if there is no tag),
// and then set idx to its clause's index. A case expression that awaits
// starts an else block with its awaits brought out; tests that do not await
// chain with else if, and join a test of the same clause with ||.
func (n *normalizer) chain(tag, idx string, tests []caseTest) []string {
	if len(tests) == 0 {
		return nil
	}
	pre, cond := n.caseCond(tag, tests[0].e)
	k := 1
	for k < len(tests) && tests[k].clause == tests[0].clause && !n.hasAwait(tests[k].e) {
		_, c := n.caseCond(tag, tests[k].e)
		cond += " || " + c
		k++
	}
	text := "if " + cond + " {\n" + idx + " = " + strconv.Itoa(tests[0].clause) + "\n}"
	switch rest := n.chain(tag, idx, tests[k:]); {
	case len(rest) == 1 && strings.HasPrefix(rest[0], "if "):
		text += " else " + rest[0]
	case len(rest) > 0:
		text += " else {\n" + strings.Join(rest, "\n") + "\n}"
	}
	return append(pre, text)
}

// caseCond returns the condition under which case expression e matches,
// with the statements to run first.
func (n *normalizer) caseCond(tag string, e ast.Expr) ([]string, string) {
	pre, out := n.flat(e)
	if tag == "" {
		return pre, out
	}
	if b, ok := e.(*ast.BinaryExpr); ok && b.Op.Precedence() <= token.EQL.Precedence() && !token.IsIdentifier(out) {
		out = "(" + out + ")"
	}
	return pre, tag + " == " + out
}

// forClauses rewrites a for loop whose init or post statement awaits: the
// init's awaits (or the whole init, if it is not a :=) go before the loop,
// the post and the condition to the top of the body.
func (n *normalizer) forClauses(s *ast.ForStmt, label string) {
	var pre, check []string
	init, cond, post := n.src(s.Init, nil, nil, nil), n.src(s.Cond, nil, nil, nil), n.src(s.Post, nil, nil, nil)
	if n.hasAwait(s.Init) {
		if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			// The loop still declares its variables, so each iteration
			// has its own.
			p, outs := n.flatList(as.Rhs)
			pre = append(pre, p...)
			init = n.src(as, nil, as.Rhs, outs)
		} else {
			pre = append(pre, n.stmtText(s.Init))
			init = ""
		}
	}
	if n.hasAwait(s.Post) {
		first := n.temp()
		pre = append(pre, first+" := true")
		check = append(check, "if "+first+" {\n"+first+" = false\n} else {\n"+n.stmtText(s.Post)+"\n}")
		post = ""
	}
	if s.Cond != nil && (post == "" && s.Post != nil || n.hasAwait(s.Cond)) {
		p, stop := n.negated(s.Cond)
		check = append(append(check, p...), "if "+stop+" {\nbreak\n}")
		cond = ""
	}
	head := "for "
	switch {
	case init != "" || post != "":
		head += init + "; " + cond + "; " + post + " "
	case cond != "":
		head += cond + " "
	}
	n.stmts(s.Body.List)
	open, close := n.opener(false)
	text := open + strings.Join(pre, "\n") + "\n" + n.labelledAs(label, head+"{") + "\n" + strings.Join(check, "\n")
	parts := []edit{n.part(s.Pos(), s.Body.Lbrace+1, text), n.part(s.Body.Rbrace, s.End(), "}"+close)}
	n.replace(s, nil, n.splice(s, parts))
}

// negated returns the negation of a loop condition, with the statements to
// run first.
func (n *normalizer) negated(cond ast.Expr) ([]string, string) {
	switch c := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		if c.Op == token.EQL || c.Op == token.NEQ {
			pre, outs := n.flatList([]ast.Expr{c.X, c.Y})
			op := " != "
			if c.Op == token.NEQ {
				op = " == "
			}
			return pre, outs[0] + op + outs[1]
		}
	case *ast.UnaryExpr:
		if c.Op == token.NOT {
			return n.flat(c.X)
		}
	}
	pre, out := n.flat(cond)
	switch ast.Unparen(cond).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr:
		return pre, "!" + out
	}
	if token.IsIdentifier(out) {
		return pre, "!" + out // a temporary
	}
	return pre, "!(" + out + ")"
}

// part is an edit of the source between pos and end inside a statement
// being rewritten, its text fitted to the lines it replaces.
func (n *normalizer) part(pos, end token.Pos, text string) edit {
	return edit{pos: pos, end: end, text: fitLines(text, n.line(end)-n.line(pos))}
}

// splice returns the source of node, as the user wrote it, with parts and
// the edits recorded so far inside node applied. Unlike src, it keeps the
// user's layout and comments.
func (n *normalizer) splice(node ast.Node, parts []edit) string {
	tf := n.pkg.Fset.File(node.Pos())
	src, ok := n.files[tf.Name()]
	if !ok {
		var err error
		if src, err = os.ReadFile(tf.Name()); err != nil {
			panic(err)
		}
		n.files[tf.Name()] = src
	}
	es := append([]edit{}, parts...)
	for _, e := range n.edits {
		if e.pos >= node.Pos() && e.end <= node.End() && !(e.pos == node.Pos() && e.end == node.End()) {
			es = append(es, e)
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].pos < es[j].pos })
	var b strings.Builder
	at := node.Pos()
	for _, e := range es {
		if e.pos < at {
			panic(fmt.Sprintf("overlapping edits at %v", n.pkg.Fset.Position(e.pos)))
		}
		b.Write(src[tf.Offset(at):tf.Offset(e.pos)])
		b.WriteString(e.text)
		at = e.end
	}
	b.Write(src[tf.Offset(at):tf.Offset(node.End())])
	return b.String()
}

func (n *normalizer) line(pos token.Pos) int { return n.pkg.Fset.Position(pos).Line }

// labelledAs puts label (if any) in front of a statement's text.
func (n *normalizer) labelledAs(label, text string) string {
	if label == "" {
		return text
	}
	n.labelUsed = true
	return label + ":\n" + text
}

// stmtText normalizes a statement and returns its text, for a statement
// that moves (an init moved before its if or switch).
func (n *normalizer) stmtText(st ast.Stmt) string {
	n.stmt(st)
	for i, e := range n.edits {
		if e.pos == st.Pos() && e.end == st.End() {
			n.edits = append(n.edits[:i], n.edits[i+1:]...)
			return e.text
		}
	}
	return n.src(st, nil, nil, nil)
}

// replaceCallArgs rewrites a statement-level await whose arguments await;
// one whose arguments do not is left as it is.
func (n *normalizer) replaceCallArgs(s ast.Stmt, e ast.Expr) {
	call := ast.Unparen(e).(*ast.CallExpr)
	nested := false
	for _, a := range call.Args {
		nested = nested || n.hasAwait(a)
	}
	if !nested {
		return
	}
	pre, args := n.flatList(call.Args)
	n.replace(s, pre, n.src(s, nil, call.Args, args))
}

// flatList brings out the awaits of expressions evaluated left to right:
// the ones before the last that awaits are spilled first.
func (n *normalizer) flatList(es []ast.Expr) ([]string, []string) {
	last := -1
	for i, e := range es {
		if n.hasAwait(e) {
			last = i
		}
	}
	return n.spill(es, last)
}

// spill brings out the awaits of es, evaluated left to right, spilling the
// ones before es[last] that await or are not pure; es[last] has its awaits
// brought out, and the ones after it stay in place.
func (n *normalizer) spill(es []ast.Expr, last int) ([]string, []string) {
	var pre []string
	outs := make([]string, len(es))
	for i, e := range es {
		switch {
		case i < last && n.hasAwait(e):
			// An earlier operand that awaits itself: bring its awaits out,
			// then spill its value before the later operands run.
			p, out := n.flat(e)
			pre = append(pre, p...)
			if n.isAwait(e) && n.results(e) == 2 {
				panic("two-valued await before another operand")
			}
			t := n.temp()
			pre = append(pre, t+" := "+out)
			outs[i] = t
			n.spilled[e] = true
		case i < last && !n.isPure(e):
			n.spilled[e] = true
			t := n.temp()
			pre = append(pre, t+" := "+n.src(e, nil, nil, nil))
			outs[i] = t
		case i == last && n.isAwait(e) && n.results(e) == 2:
			// f(await(...)): both results go on as the arguments (Go allows
			// a two-valued call only as a call's sole argument).
			p, args := n.flatList(ast.Unparen(e).(*ast.CallExpr).Args)
			pre = append(pre, p...)
			a, b := n.temp(), n.temp()
			pre = append(pre, a+", "+b+" := "+n.src(e, nil, ast.Unparen(e).(*ast.CallExpr).Args, args))
			outs[i] = a + ", " + b
		case i == last:
			p, out := n.flat(e)
			pre = append(pre, p...)
			outs[i] = out
		default:
			outs[i] = n.src(e, nil, nil, nil)
		}
	}
	return pre, outs
}

// results returns the number of results of a call.
func (n *normalizer) results(e ast.Expr) int {
	if t, ok := n.pkg.TypesInfo.TypeOf(e).(*types.Tuple); ok {
		return t.Len()
	}
	return 1
}

// isPure reports whether e may be evaluated after a later operand's await
// without changing the program: it calls nothing and receives nothing, so
// only a call could change what it reads, and the calls before an await are
// spilled. Go leaves the order of such operands relative to calls
// unspecified, so reading them late is one of the orders Go allows.
func (n *normalizer) isPure(e ast.Expr) bool { return workflow.IsPure(n.pkg.TypesInfo, e) }

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// flat brings out the awaits of e and returns the statements to run first
// and the expression that replaces e.
func (n *normalizer) flat(e ast.Expr) ([]string, string) {
	if !n.hasAwait(e) {
		return nil, n.src(e, nil, nil, nil)
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		pre, out := n.flat(x.X)
		return pre, "(" + out + ")"
	case *ast.BinaryExpr:
		if (x.Op == token.LAND || x.Op == token.LOR) && n.hasAwait(x.Y) {
			preX, outX := n.flat(x.X)
			t := n.temp()
			preY, outY := n.flat(x.Y)
			cond := t
			if x.Op == token.LOR {
				cond = "!" + t
			}
			pre := append(preX, t+" := "+outX)
			pre = append(pre, "if "+cond+" {\n"+strings.Join(append(preY, t+" = "+outY), "\n")+"\n}")
			return pre, t
		}
		pre, outs := n.flatList([]ast.Expr{x.X, x.Y})
		return pre, n.src(x, nil, []ast.Expr{x.X, x.Y}, outs)
	case *ast.CallExpr:
		if n.awaits[x] != nil {
			pre, args := n.flatList(x.Args)
			t := n.temp()
			return append(pre, t+" := "+n.src(x, nil, x.Args, args)), t
		}
		children := append([]ast.Expr{x.Fun}, x.Args...)
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && n.hasAwait(sel.X) {
			// A method call on an awaited receiver: the receiver first.
			children[0] = sel.X
		}
		pre, outs := n.flatList(children)
		return pre, n.src(x, nil, children, outs)
	}
	// Every other expression: its operands in source order.
	children := operands(e)
	pre, outs := n.flatList(children)
	return pre, n.src(e, nil, children, outs)
}

// operands returns the direct operand expressions of e in the order Go
// evaluates them (workflow.Operands).
func operands(e ast.Expr) []ast.Expr {
	ops, _ := workflow.Operands(e)
	return ops
}

// src prints node with the expressions olds replaced by the texts news and
// the nodes in drop replaced by the given text. Statements of the workflow
// edited earlier (nested in node) are printed as edited.
func (n *normalizer) src(node ast.Node, drop map[ast.Node]string, olds []ast.Expr, news []string) string {
	if node == nil || reflect.ValueOf(node).IsNil() {
		return ""
	}
	if len(olds) == 0 && len(drop) == 0 {
		// A statement rewritten already prints as rewritten.
		for _, e := range n.edits {
			if e.pos == node.Pos() && e.end == node.End() {
				return e.text
			}
		}
	}
	repl := map[ast.Node]string{}
	for i, o := range olds {
		repl[o] = news[i]
	}
	for k, v := range drop {
		if k != nil && !reflect.ValueOf(k).IsNil() {
			repl[k] = v
		}
	}
	for _, e := range n.edits {
		if e.pos >= node.Pos() && e.end <= node.End() && !(e.pos == node.Pos() && e.end == node.End()) {
			repl[n.nodeAt(node, e)] = e.text
		}
	}
	orig := map[ast.Node]ast.Node{}
	c := clone(reflect.ValueOf(node), orig).Interface().(ast.Node)
	c = astutil.Apply(c, func(cur *astutil.Cursor) bool {
		o, ok := orig[cur.Node()]
		if !ok {
			return true
		}
		text, ok := repl[o]
		if !ok {
			return true
		}
		id := &ast.Ident{NamePos: o.Pos(), Name: text}
		switch cur.Node().(type) {
		case ast.Stmt:
			cur.Replace(&ast.ExprStmt{X: id})
		default:
			cur.Replace(id)
		}
		return false
	}, nil)
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, n.pkg.Fset, c); err != nil {
		panic(err)
	}
	return buf.String()
}

// nodeAt returns the statement inside root that an edit replaces.
func (n *normalizer) nodeAt(root ast.Node, e edit) ast.Node {
	var found ast.Node
	ast.Inspect(root, func(x ast.Node) bool {
		if found != nil || x == nil {
			return false
		}
		if _, ok := x.(ast.Stmt); ok && x.Pos() == e.pos && x.End() == e.end {
			found = x
			return false
		}
		return true
	})
	return found
}

// replace records that s becomes the statements pre followed by text, on as
// many lines as s had.
func (n *normalizer) replace(s ast.Stmt, pre []string, text string) {
	if len(pre) > 0 && !declares(s) {
		open, close := n.opener(false)
		text += close
		pre = append([]string{open + pre[0]}, pre[1:]...)
	}
	all := strings.Join(append(append([]string{}, pre...), text), "\n")
	// Edits nested in s are part of text now.
	kept := n.edits[:0]
	for _, e := range n.edits {
		if !(e.pos >= s.Pos() && e.end <= s.End()) {
			kept = append(kept, e)
		}
	}
	n.edits = kept
	fset := n.pkg.Fset
	lines := fset.Position(s.End()).Line - fset.Position(s.Pos()).Line
	all = fitLines(all, lines)
	n.edits = append(n.edits, edit{pos: s.Pos(), end: s.End(), text: all})
}

// declares reports whether s declares names in its block.
func declares(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.AssignStmt:
		return s.Tok == token.DEFINE
	case *ast.DeclStmt:
		return true
	}
	return false
}

// fitLines makes text span exactly lines+1 lines: when it is too long, it
// joins lines, with a semicolon where Go's automatic semicolon insertion
// would have put one; when it is too short, it pads with blank lines.
func fitLines(text string, lines int) string {
	ls := strings.Split(text, "\n")
	for len(ls) > lines+1 {
		i := len(ls) - 2
		a, b := strings.TrimRight(ls[i], " \t"), strings.TrimLeft(ls[i+1], " \t")
		sep := " "
		if a != "" && b != "" && endsStatement(a) && !strings.HasPrefix(b, "else") {
			sep = "; "
		}
		ls = append(ls[:i], a+sep+b)
	}
	for len(ls) < lines+1 {
		ls = append(ls, "")
	}
	return strings.Join(ls, "\n")
}

// endsStatement reports whether Go inserts a semicolon after line: its last
// token is an identifier, a literal, a closing bracket, ++ or --, or one of
// the keywords break, continue, fallthrough, return.
func endsStatement(line string) bool {
	last := line[len(line)-1]
	switch {
	case last == ')' || last == ']' || last == '}' || last == '"' || last == '\'' || last == '`':
		return true
	case strings.HasSuffix(line, "++") || strings.HasSuffix(line, "--"):
		return true
	case last == '_' || last >= '0' && last <= '9' || last >= 'a' && last <= 'z' || last >= 'A' && last <= 'Z' || last >= 0x80:
		return true
	}
	return false
}

package codegen

// This file assembles the generated file: per workflow a frame struct, a Step
// method holding the dispatch, and one init function registering the file's
// workflows with their activities. Its input is the split form of each
// workflow; its output is gofmt'ed source, byte-identical on every run (no
// map order reaches the output: cases are ordered by source position, fields
// by declaration, imports by path).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"

	"github.com/durgen/durgen/internal/workflow"
)

const machinePath = "github.com/durgen/durgen/machine"

// gen compiles one workflow.
type gen struct {
	pkg  *packages.Package
	fset *token.FileSet
	file *ast.File
	info *types.Info
	fn   *workflow.Func

	awaits map[*ast.CallExpr]*workflow.Await
	live   *workflow.Liveness

	fields     map[*types.Var]*field
	fieldOrder []*field
	// hoisted counts the fields of hoisted locals, which come first.
	hoisted int
	// tops are the locals declared at the top of Step, with their names.
	tops map[*types.Var]string
	// refs records the cases each local is referred to in.
	refs map[*types.Var]map[*caseBlock]bool

	recv, ctx, machine, frameType string
	imports                       *importSet
	// recvField is the frame's field for a method's receiver, which the
	// worker binds; empty for a function or an unnamed receiver.
	recvField string

	cases   []*caseBlock
	caseSeq int // numbers the cases made, for their seq
	at      *list
	curCase *caseBlock
	targets []*target
	labelOf map[ast.Node]string
	// gotoLabels are the labels a goto names that stand in lowered code;
	// labelCases are their cases, made at first use (see goto.go).
	gotoLabels map[string]*ast.LabeledStmt
	// heads are the headers of the workflows' loops as the user wrote
	// them, before normalize, by file:line (see loopHeads).
	heads map[string]string
	// epilogue is the case that runs the deferred calls, which every
	// return jumps to; nil in a workflow without defer statements.
	epilogue   *caseBlock
	labelCases map[string]*caseBlock
	// userLoops counts the user's own loops around the statement printed,
	// for continue statements that must name the dispatch loop.
	userLoops         int
	dispatchLabel     string
	dispatchLabelUsed bool
	activities        activitySet
	// ranges numbers the lowered range loops.
	ranges int
	// relayTo maps each dropped relay case to where it leads.
	relayTo map[*caseBlock]*caseBlock

	// captured holds the locals a function literal refers to or whose
	// address is taken: kept in cells when moved (see isCell).
	captured map[*types.Var]bool
	// captures maps the cells captured by the literal being printed to
	// the copies it captures; cellPre holds the copies to print before the
	// statement; cellSeq numbers them.
	captures    map[*types.Var]string
	captureSets map[*ast.FuncLit][]*types.Var
	cellPre     []string
	cellSeq     int
}

// field is a frame field: a hoisted local, or a hidden field of the
// generator's own (v nil, with a comment saying what it holds).
type field struct {
	v         *types.Var
	name, tag string
	typ       string
	pos       token.Position
	comment   string
}

// generateFile compiles the workflows of one source file.
func generateFile(pkg *packages.Package, file *ast.File, fns []*workflow.Func, heads map[string]string) *File {
	imports := newImportSet(pkg, file)
	var (
		decls []string
		regs  []string
		names []string
	)
	for _, fn := range fns {
		g := newGen(pkg, file, fn, imports)
		g.heads = heads
		decl, reg := g.compile()
		decls = append(decls, decl)
		regs = append(regs, reg)
		names = append(names, fn.Obj.Name())
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\n//go:build !durgen\n\npackage %s\n\n", Header, pkg.Types.Name())
	b.WriteString(imports.render())
	b.WriteString("\nfunc init() {\n")
	for _, r := range regs {
		b.WriteString(r)
	}
	b.WriteString("}\n")
	for _, d := range decls {
		b.WriteString("\n" + d)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		panic(fmt.Sprintf("generated code for %s does not parse: %v\n%s", pkg.Fset.Position(file.Pos()).Filename, err, b.Bytes()))
	}
	path := outputPath(pkg.Fset.Position(file.Pos()).Filename)
	return &File{Path: path, Source: src, Workflows: names}
}

func newGen(pkg *packages.Package, file *ast.File, fn *workflow.Func, imports *importSet) *gen {
	g := &gen{
		pkg: pkg, fset: pkg.Fset, file: file, info: pkg.TypesInfo, fn: fn,
		awaits:  map[*ast.CallExpr]*workflow.Await{},
		fields:  map[*types.Var]*field{},
		tops:    map[*types.Var]string{},
		labelOf: map[ast.Node]string{},
		imports: imports,
	}
	for _, a := range fn.Awaits {
		g.awaits[a.Call] = a
	}
	g.findGotoLabels()
	used := g.bodyNames()
	g.recv = pickName(used, "f", "fr", "frame")
	g.ctx = "ctx"
	if fn.Ctx != nil && fn.Ctx.Name() != "" && fn.Ctx.Name() != "_" {
		g.ctx = fn.Ctx.Name()
	}
	g.machine = imports.machine
	g.dispatchLabel = pickLabel(fn.Decl.Body, "dispatch")
	g.frameType = pickFrameType(pkg.Types.Scope(), frameBase(fn))
	if fn.Recv != nil && fn.Recv.Name() != "" && fn.Recv.Name() != "_" {
		g.recvField = fn.Recv.Name()
	}
	g.captured, g.captures, g.captureSets = map[*types.Var]bool{}, map[*types.Var]string{}, map[*ast.FuncLit][]*types.Var{}
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		mark := func(id *ast.Ident) {
			if v := g.localOf(id); v != nil {
				g.captured[v] = true
			}
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					mark(id)
				}
				return true
			})
		case *ast.UnaryExpr:
			if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND {
				mark(id)
			}
		}
		return true
	})
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			g.labelOf[l.Stmt] = l.Label.Name
		}
		return true
	})
	return g
}

// compile splits the workflow and prints its frame, its Step method and its
// registration.
func (g *gen) compile() (decl, reg string) {
	g.live = workflow.Live(g.fn, g.info)
	g.hoist()

	// Pass one finds the locals whose uses fall in more than one case; pass
	// two declares them at the top of Step.
	g.split()
	if g.findTops() {
		g.split()
	}
	if err := g.sanity(); err != nil {
		panic(err)
	}
	return g.render(), g.registration()
}

// split lowers the body into cases.
func (g *gen) split() {
	g.cases, g.targets, g.refs = nil, nil, map[*types.Var]map[*caseBlock]bool{}
	g.labelCases = map[string]*caseBlock{}
	g.ranges, g.cellSeq, g.cellPre = 0, 0, nil
	g.fieldOrder = g.fieldOrder[:g.hoisted]
	g.activities = activitySet{}
	g.startedActivities()
	g.dispatchLabelUsed = false
	entry := g.newCase(g.fn.Decl.Body.Lbrace, "")
	g.enter(entry)
	g.startEpilogue()
	// Named results are declared at entry: their cells too.
	res := g.fn.Obj.Type().(*types.Signature).Results()
	for i := 0; i < res.Len(); i++ {
		if v := res.At(i); g.isCell(v) {
			if _, hoisted := g.fields[v]; hoisted {
				g.emit(g.cellBase(v) + " = new(" + g.typeString(v.Type()) + ")")
			}
		}
	}
	if g.lowerList(g.fn.Decl.Body.List) {
		// Only a workflow with a lone error result may fall off its end.
		g.at.add(&text{src: g.returnStmt(g.machine + ".Return(struct{}{}, nil)"), ends: true})
	}
	g.lowerEpilogue()
	g.threadRelays(entry)
	var kept []*caseBlock
	for _, c := range g.cases {
		if c.entered && g.relayTo[c] == nil {
			kept = append(kept, c)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].pos != kept[j].pos {
			return kept[i].pos < kept[j].pos
		}
		return kept[i].seq < kept[j].seq
	})
	for i, c := range kept {
		c.label = i
	}
	g.cases = kept
}

// threadRelays drops the cases that only pass control on (a join right
// before a loop's head, say): every jump to or resume at one goes straight
// to where it leads. A relay holds no code, so nothing is skipped.
func (g *gen) threadRelays(entry *caseBlock) {
	g.relayTo = map[*caseBlock]*caseBlock{}
	relay := func(c *caseBlock) *caseBlock {
		if c == entry || c.comment != "" || len(c.body.nodes) != 1 {
			return nil
		}
		if j, ok := c.body.nodes[0].(*jump); ok && j.target != c {
			return j.target
		}
		return nil
	}
	for _, c := range g.cases {
		if relay(c) == nil {
			continue
		}
		seen := map[*caseBlock]bool{c: true}
		to := relay(c)
		for r := relay(to); r != nil && !seen[to]; r = relay(to) {
			seen[to] = true
			to = r
		}
		if relay(to) == nil {
			g.relayTo[c] = to
		}
	}
	var walk func(l *list)
	walk = func(l *list) {
		for _, n := range l.nodes {
			switch n := n.(type) {
			case *jump:
				if to := g.relayTo[n.target]; to != nil {
					n.target = to
				}
			case *suspend:
				if to := g.relayTo[n.resume]; to != nil {
					n.resume = to
				}
			}
			for _, inner := range n.lists() {
				walk(inner)
			}
		}
	}
	for _, c := range g.cases {
		walk(c.body)
	}
}

// findTops picks the locals to declare at the top of Step: those not in the
// frame whose uses fall in more than one case, and parameters and named
// results used but not in the frame (their declaration is the signature,
// which Step does not have). It reports whether it found any.
func (g *gen) findTops() bool {
	var vars []*types.Var
	for v, cases := range g.refs {
		if _, ok := g.fields[v]; ok {
			continue
		}
		if len(cases) > 1 || v.Pos() < g.fn.Decl.Body.Lbrace {
			vars = append(vars, v)
		}
	}
	if len(vars) == 0 {
		return false
	}
	sortVars(vars)
	taken := g.bodyNames()
	for _, v := range vars {
		name := v.Name()
		if g.nameClashes(v, name) {
			for i := 2; ; i++ {
				name = fmt.Sprintf("%s_%d", v.Name(), i)
				if !taken[name] {
					break
				}
			}
		}
		taken[name] = true
		g.tops[v] = name
	}
	return true
}

// nameClashes reports whether name, given to v at the top of Step, could
// denote something else somewhere in the body: another object of that name,
// or one of the names Step itself declares.
func (g *gen) nameClashes(v *types.Var, name string) bool {
	if name == g.recv || name == g.ctx || name == g.machine {
		return true
	}
	clash := false
	ast.Inspect(g.fn.Decl, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != name || clash {
			return !clash
		}
		obj := g.info.Defs[id]
		if obj == nil {
			obj = g.info.Uses[id]
		}
		if obj != nil && obj != types.Object(v) {
			clash = true
		}
		return true
	})
	return clash
}

// hoist makes a frame field for every local live across an await.
func (g *gen) hoist() {
	taken := map[string]bool{"PC": true, "Label": true, "At": true, "Step": true}
	tags := map[string]bool{"pc": true}
	for _, v := range g.live.Hoisted() {
		base := exportName(v.Name())
		name := base
		for i := 2; taken[name]; i++ {
			name = fmt.Sprintf("%s_%d", base, i)
		}
		taken[name] = true
		tag := v.Name()
		for i := 2; tags[tag]; i++ {
			tag = fmt.Sprintf("%s_%d", v.Name(), i)
		}
		tags[tag] = true
		typ := g.typeString(v.Type())
		if g.captured[v] {
			typ = "*" + typ // a cell: see isCell
		}
		f := &field{v: v, name: name, tag: tag, typ: typ, pos: g.fset.Position(v.Pos())}
		g.fields[v] = f
		g.fieldOrder = append(g.fieldOrder, f)
	}
	g.hoisted = len(g.fieldOrder)
}

// exportName makes a field name from a source name.
func exportName(name string) string {
	r := []rune(name)
	if unicode.IsLower(r[0]) && unicode.IsUpper(unicode.ToUpper(r[0])) {
		r[0] = unicode.ToUpper(r[0])
		return string(r)
	}
	if unicode.IsUpper(r[0]) {
		return name
	}
	return "X" + name
}

// render prints the frame struct and the Step method.
func (g *gen) render() string {
	var w writer
	name := g.fn.Obj.Name()
	w.line(fmt.Sprintf("// %s is the saved stack of %s: the label to resume at and the\n// locals live across its awaits.", g.frameType, name))
	w.line("type " + g.frameType + " struct {")
	w.line(g.machine + ".Label")
	if g.recvField != "" {
		w.line(fmt.Sprintf("%s %s // the receiver, bound by the worker (runtime.Options.Receivers); never saved", g.recvField, g.typeString(g.fn.Recv.Type())))
	}
	for _, f := range g.fieldOrder {
		comment := fmt.Sprintf("%s:%d", filepath.Base(f.pos.Filename), f.pos.Line)
		if f.v == nil {
			comment = f.comment
		}
		if comment != "" {
			comment = " // " + comment
		}
		w.line(fmt.Sprintf("%s %s `json:%q`%s", f.name, f.typ, f.tag, comment))
	}
	w.line("}")
	w.line("")
	w.line(fmt.Sprintf("// Step runs %s from the label in %s.PC to its next await.", name, g.recv))
	w.line(fmt.Sprintf("func (%s *%s) Step(%s %s.Context) %s.Command {", g.recv, g.frameType, g.ctx, g.imports.durgen, g.machine))
	var tops []*types.Var
	for v := range g.tops {
		tops = append(tops, v)
	}
	sortVars(tops)
	for _, v := range tops {
		if g.isCell(v) {
			w.line(g.tops[v] + " := new(" + g.typeString(v.Type()) + ")")
		} else {
			w.line("var " + g.tops[v] + " " + g.typeString(v.Type()))
		}
	}
	if g.recvField != "" {
		w.line(fmt.Sprintf("%s.%s = %s.Receiver[%s]()", g.recv, g.recvField, g.machine, g.typeString(g.fn.Recv.Type())))
	}
	if g.dispatchLabelUsed {
		w.line(g.dispatchLabel + ":")
	}
	w.line("for {")
	w.line("switch " + g.recv + ".PC {")
	for _, c := range g.cases {
		w.line(fmt.Sprintf("case %d:", c.label))
		if c.comment != "" {
			w.line("// " + c.comment)
		}
		c.body.render(&w)
	}
	w.line("default:")
	w.line(fmt.Sprintf("return %s.BadLabel(%s.PC)", g.machine, g.recv))
	w.line("}")
	w.line("}")
	w.line("}")
	out := w.buf.String()
	for _, c := range g.cases {
		out = strings.ReplaceAll(out, g.labelRef(c), strconv.Itoa(c.label))
	}
	for from, to := range g.relayTo {
		out = strings.ReplaceAll(out, g.labelRef(from), strconv.Itoa(to.label))
	}
	if strings.Contains(out, "\x00") {
		panic(fmt.Sprintf("sanity: %s: a jump names a case that was dropped", name))
	}
	return out
}

// registration prints the workflow's entry in the file's init function.
func (g *gen) registration() string {
	name := g.fn.Obj.Name()
	full := g.pkg.Types.Path() + "." + name
	fn := name
	if g.fn.Recv != nil {
		// A method: named as Go names it, identified by the method value of
		// a zero receiver (the same function for every receiver).
		rt := g.typeString(g.fn.Recv.Type())
		if strings.HasPrefix(rt, "*") {
			full = g.pkg.Types.Path() + ".(" + rt + ")." + name
			fn = "(" + rt + ")(nil)." + name
		} else {
			full = g.pkg.Types.Path() + "." + rt + "." + name
			fn = "(*new(" + rt + "))." + name
		}
	}
	var start string
	params := g.fn.Obj.Type().(*types.Signature).Params()
	in := params.At(params.Len() - 1)
	inType := g.typeString(in.Type())
	if f, ok := g.fields[in]; ok {
		val := in.Name()
		if g.isCell(in) {
			val = "&" + val
		}
		start = fmt.Sprintf("func(%s %s) *%s { return &%s{%s: %s} }", in.Name(), inType, g.frameType, g.frameType, f.name, val)
	} else {
		start = fmt.Sprintf("func(%s) *%s { return new(%s) }", inType, g.frameType, g.frameType)
	}
	var b strings.Builder
	if g.fn.Recv != nil {
		fmt.Fprintf(&b, "%s.Register(%s.DefineMethod[%s](%q, %q, %s, %q,\n%s,\n", g.machine, g.machine, g.typeString(g.fn.Recv.Type()), full, name, fn, g.shape(), start)
	} else {
		fmt.Fprintf(&b, "%s.Register(%s.Define(%q, %s, %q,\n%s,\n", g.machine, g.machine, full, fn, g.shape(), start)
	}
	for _, a := range g.activities.names {
		fmt.Fprintf(&b, "%s.NewActivity(%q, %s),\n", g.machine, a, g.activities.exprs[a])
	}
	b.WriteString("))\n")
	if futures := g.awaitableFutures(); len(futures) > 0 {
		fmt.Fprintf(&b, "%s.RegisterType[%s.Awaitable](%s)\n", g.imports.durgen, g.imports.durgen, strings.Join(futures, ", "))
	}
	return b.String()
}

// awaitableFutures returns, for a workflow that keeps a durgen.Awaitable
// across an await (a slice of futures for Select, say), a value of each
// future type the workflow makes (durgen.Go, Spawn, Timer): the frame stores
// an Awaitable with its dynamic type, which must be registered (see
// durgen.RegisterType), and these are the types it can hold. Nil if the
// frame holds no Awaitable.
func (g *gen) awaitableFutures() []string {
	holds := false
	for _, f := range g.fieldOrder {
		if f.v != nil && mentionsAwaitable(f.v.Type(), map[types.Type]bool{}) {
			holds = true
		}
	}
	if !holds {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	add := func(t types.Type) {
		v := g.imports.durgen + ".Future[" + g.typeString(t) + "]{}"
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	ast.Inspect(g.fn.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		t, ok := g.info.TypeOf(call).(*types.Named)
		if !ok || t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != workflow.DurgenPath || t.Obj().Name() != "Future" || t.TypeArgs().Len() != 1 {
			return true
		}
		add(t.TypeArgs().At(0))
		return true
	})
	sort.Strings(out)
	return out
}

// mentionsAwaitable reports whether a value of type t can hold a
// durgen.Awaitable.
func mentionsAwaitable(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if obj := n.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == workflow.DurgenPath && obj.Name() == "Awaitable" {
			return true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return mentionsAwaitable(u.Elem(), seen)
	case *types.Array:
		return mentionsAwaitable(u.Elem(), seen)
	case *types.Pointer:
		return mentionsAwaitable(u.Elem(), seen)
	case *types.Map:
		return mentionsAwaitable(u.Key(), seen) || mentionsAwaitable(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if mentionsAwaitable(u.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// shape hashes what an instance's frame depends on: the labels with the
// awaits they resume, and the frame's fields with their types.
func (g *gen) shape() string {
	h := sha256.New()
	fmt.Fprintf(h, "workflow %s.%s\n", g.pkg.Types.Path(), g.fn.Obj.Name())
	for _, f := range g.fieldOrder {
		fmt.Fprintf(h, "field %s %s %s\n", f.name, f.tag, f.typ)
	}
	for _, c := range g.cases {
		fmt.Fprintf(h, "label %d\n", c.label)
	}
	for _, a := range g.fn.Awaits {
		fmt.Fprintf(h, "await %s\n", a.Name)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// bodyNames returns every identifier name in the workflow declaration.
func (g *gen) bodyNames() map[string]bool {
	names := map[string]bool{}
	ast.Inspect(g.fn.Decl, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
	return names
}

func pickName(used map[string]bool, candidates ...string) string {
	for _, c := range candidates {
		if !used[c] {
			return c
		}
	}
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s%d", candidates[0], i)
		if !used[c] {
			return c
		}
	}
}

// pickLabel returns a label name the body does not use.
func pickLabel(body *ast.BlockStmt, name string) string {
	used := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			used[l.Label.Name] = true
		}
		return true
	})
	return pickName(used, name)
}

// frameBase is what a workflow's frame type is named after: the function,
// or the receiver type and the method.
func frameBase(fn *workflow.Func) string {
	if fn.Recv == nil {
		return fn.Obj.Name()
	}
	t := fn.Recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name() + fn.Obj.Name()
	}
	return fn.Obj.Name()
}

// pickFrameType names the frame struct of workflow name.
func pickFrameType(scope *types.Scope, name string) string {
	r := []rune(name)
	r[0] = unicode.ToLower(r[0])
	base := string(r) + "Frame"
	if scope.Lookup(base) == nil {
		return base
	}
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s%d", base, i)
		if scope.Lookup(c) == nil {
			return c
		}
	}
}

// importSet collects the imports of a generated file.
type importSet struct {
	file            *ast.File
	pkg             *packages.Package
	byPath          map[string]importSpec
	durgen, machine string
}

type importSpec struct{ name, pkgName string }

func newImportSet(pkg *packages.Package, file *ast.File) *importSet {
	s := &importSet{file: file, pkg: pkg, byPath: map[string]importSpec{}}
	s.machine = s.freeName("machine", machinePath)
	s.durgen = s.freeName("durgen", workflow.DurgenPath)
	s.use(machinePath, s.machine, "machine")
	s.use(workflow.DurgenPath, s.durgen, "durgen")
	return s
}

// freeName returns name if the package scope does not declare it and the
// file does not import another package under it.
func (s *importSet) freeName(name, path string) string {
	taken := func(n string) bool {
		if s.pkg.Types.Scope().Lookup(n) != nil {
			return true
		}
		// A local of that name anywhere in the file would shadow the
		// import in the code printed from it.
		shadowed := false
		ast.Inspect(s.file, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && id.Name == n {
				if _, isPkg := s.pkg.TypesInfo.Uses[id].(*types.PkgName); !isPkg {
					if obj := s.pkg.TypesInfo.Defs[id]; obj != nil {
						if _, isPkgName := obj.(*types.PkgName); !isPkgName {
							shadowed = true
						}
					}
				}
			}
			return !shadowed
		})
		if shadowed {
			return true
		}
		for _, imp := range s.file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if imp.Name != nil && imp.Name.Name == n && p != path {
				return true
			}
			if imp.Name == nil && p != path && lastElem(p) == n {
				return true
			}
		}
		return false
	}
	if !taken(name) {
		return name
	}
	return pickName(map[string]bool{name: true, "durgen" + name: taken("durgen" + name)}, "durgen"+name)
}

func lastElem(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}

// use records that the file refers to path under name.
func (s *importSet) use(path, name, pkgName string) {
	s.byPath[path] = importSpec{name, pkgName}
}

// nameFor returns the name under which the generated file refers to p: the
// name the source file imports it under, or its own name.
func (s *importSet) nameFor(p *types.Package, file *ast.File) string {
	if spec, ok := s.byPath[p.Path()]; ok {
		return spec.name
	}
	name := p.Name()
	for _, imp := range file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == p.Path() && imp.Name != nil && imp.Name.Name != "_" && imp.Name.Name != "." {
			name = imp.Name.Name
		}
	}
	s.use(p.Path(), name, p.Name())
	return name
}

// render prints the import declaration: the standard library first, then
// the rest, each group sorted by path.
func (s *importSet) render() string {
	var std, other []string
	for p := range s.byPath {
		if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
			other = append(other, p)
		} else {
			std = append(std, p)
		}
	}
	sort.Strings(std)
	sort.Strings(other)
	var b strings.Builder
	b.WriteString("import (\n")
	for i, group := range [][]string{std, other} {
		if i == 1 && len(std) > 0 && len(other) > 0 {
			b.WriteString("\n")
		}
		for _, p := range group {
			spec := s.byPath[p]
			if spec.name != spec.pkgName {
				fmt.Fprintf(&b, "%s %q\n", spec.name, p)
			} else {
				fmt.Fprintf(&b, "%q\n", p)
			}
		}
	}
	b.WriteString(")\n")
	return b.String()
}

// sortVars orders variables by declaration, the variables of a type switch's
// clauses by clause.
func sortVars(vars []*types.Var) {
	sort.Slice(vars, func(i, j int) bool {
		a, b := vars[i], vars[j]
		if a.Pos() != b.Pos() {
			return a.Pos() < b.Pos()
		}
		var pa, pb token.Pos
		if a.Parent() != nil {
			pa = a.Parent().Pos()
		}
		if b.Parent() != nil {
			pb = b.Parent().Pos()
		}
		return pa < pb
	})
}

package codegen

// This file lowers a workflow body to continuations. Its input is the
// workflow's syntax, its await points and the liveness of its locals; its
// output is the split form of tree.go. It assumes the split check of
// internal/workflow accepted the body and normalize brought every await
// out to a whole statement: an expression statement, the right-hand side
// of an assignment or var declaration, the init of an if, or a return's
// only result.
//
// The lowering walks statement lists keeping an insertion point: the list
// the next statement goes to, inside the current case. A statement without
// an await is printed where it stands. An await ends the current case with
// a suspend (set the resume label, return the command) and moves the
// insertion point to a new case that reads the await's outcome. An if whose
// branches suspend is printed with its branches lowered into it; if a branch
// falls out of it from another case, the code after the if becomes a join
// case that every way out of the if jumps to. A loop with an await gets a
// head case (its condition), a body, and a done case that break and a false
// condition jump to; the post statement runs at the end of the body and at
// each continue.
//
// Invariants the emitter may assume: a case's code ends in a return, or in a
// jump to another case; a jump not at the end of its case is followed by a
// continue of the dispatch loop; nothing is added after a statement that
// ends its list (so the output holds no unreachable code of durgen's own).

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"golang.org/x/tools/go/packages"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/durgen/durgen/internal/workflow"
)

// target is a lowered loop that break and continue may leave.
type target struct {
	label string // the loop's label, if any
	stmt  ast.Stmt
	brk   *caseBlock
	cont  *caseBlock
	post  ast.Stmt // run before continuing
	// isSwitch marks a switch: break leaves it, continue passes it by.
	isSwitch bool
	// perIter makes the next iteration's loop variables (cells) before
	// the post statement.
	perIter []string
}

// lowerList lowers stmts at the insertion point and reports whether control
// can fall off their end.
func (g *gen) lowerList(stmts []ast.Stmt) bool {
	for i := 0; i < len(stmts); i++ {
		if g.lowerStmt(stmts[i], "") {
			continue
		}
		// Control does not reach the next statement, but a goto may reach
		// a label further on: the code goes on in the label's case.
		i++
		for i < len(stmts) && !g.isGotoLabel(stmts[i]) {
			i++
		}
		if i == len(stmts) {
			return false
		}
		g.enter(g.labelCase(stmts[i].(*ast.LabeledStmt).Label.Name))
		i--
	}
	return true
}

// lowerStmt lowers one statement; label is the label it carries.
func (g *gen) lowerStmt(s ast.Stmt, label string) bool {
	if g.isGotoLabel(s) {
		l := s.(*ast.LabeledStmt)
		if next := g.lowerLabel(l); next != l {
			return g.lowerStmt(next, l.Label.Name)
		}
		return g.lowerLeaf(l)
	}
	if !g.hasAwait(s) {
		return g.lowerLeaf(s)
	}
	switch s := s.(type) {
	case *ast.LabeledStmt:
		return g.lowerStmt(s.Stmt, s.Label.Name)
	case *ast.BlockStmt:
		return g.lowerBlock(s)
	case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.ReturnStmt:
		return g.lowerAwaitStmt(s)
	case *ast.IfStmt:
		return g.lowerIf(s)
	case *ast.ForStmt:
		return g.lowerFor(s, label)
	case *ast.RangeStmt:
		return g.lowerRange(s, label)
	case *ast.SwitchStmt:
		return g.lowerSwitch(s, s.Init, s.Tag, nil, s.Body, label)
	case *ast.TypeSwitchStmt:
		return g.lowerSwitch(s, s.Init, nil, s.Assign, s.Body, label)
	}
	panic(fmt.Sprintf("lowerStmt: %T with an await passed the split check", s))
}

// lowerLeaf prints a statement that holds no await where it stands.
func (g *gen) lowerLeaf(s ast.Stmt) bool {
	ends := g.endsList(s)
	src := g.leaf(s)
	g.flushCells()
	g.at.add(&text{src: src, ends: ends})
	return !ends
}

// lowerBlock lowers a block statement that awaits. Its scope is kept: the
// part in the current case is printed as a block, and if the block goes on
// in another case, the code after it starts a case of its own, so the
// block's names and the ones after it never meet.
func (g *gen) lowerBlock(s *ast.BlockStmt) bool {
	g.flushCells()
	b := &blockNode{body: &list{}}
	parent, parentCase := g.at, g.curCase
	parent.add(b)
	g.at = b.body
	if !g.lowerList(s.List) {
		return false
	}
	if g.at == b.body {
		g.at, g.curCase = parent, parentCase
		return true
	}
	after := g.newCase(s.End(), "")
	g.at.add(&jump{target: after, recv: g.recv})
	g.enter(after)
	return true
}

// lowerAwaitStmt suspends at the statement's await and resumes with the
// statement's own form, reading the await's outcome.
func (g *gen) lowerAwaitStmt(s ast.Stmt) bool {
	call := g.awaitCallOf(s)
	resume := g.newCase(call.End(), "")
	g.cur().add(&suspend{resume: resume, command: g.command(call), recv: g.recv})
	g.enter(resume)
	ends := g.endsList(s)
	if src := g.resumeStmt(s, call); src != "" {
		g.at.add(&text{src: src, ends: ends})
	}
	return !ends
}

// lowerIf lowers an if statement whose init or branches await.
func (g *gen) lowerIf(s *ast.IfStmt) bool {
	if s.Init != nil && g.hasAwait(s.Init) {
		// Suspend at the init's await; the if is printed after resuming,
		// with the init reading the outcome.
		call := g.awaitCallOf(s.Init)
		resume := g.newCase(call.End(), "")
		g.cur().add(&suspend{resume: resume, command: g.command(call), recv: g.recv})
		g.enter(resume)
		return g.lowerIfBranches(s, g.resumeStmt(s.Init, call))
	}
	init := ""
	if s.Init != nil {
		init = g.simple(s.Init)
	}
	return g.lowerIfBranches(s, init)
}

func (g *gen) lowerIfBranches(s *ast.IfStmt, init string) bool {
	pre, init := splitInit(init)
	head := "if "
	if init != "" {
		head += init + "; "
	}
	head += g.expr(s.Cond)
	n := &ifNode{head: head, then: &list{}}
	g.flushCells()
	parent, parentCase := g.at, g.curCase
	g.addWithPre(pre, n)

	var exits []*list // branch ends in other cases
	fallOut := false  // some path falls out of the if in the parent case

	branch := func(into *list, stmts []ast.Stmt) {
		g.at, g.curCase = into, parentCase
		if g.lowerList(stmts) {
			if g.at == into {
				fallOut = true
			} else {
				exits = append(exits, g.at)
			}
		}
	}
	branch(n.then, s.Body.List)
	switch e := s.Else.(type) {
	case nil:
		fallOut = true
	case *ast.BlockStmt:
		n.els = &list{}
		branch(n.els, e.List)
	case *ast.IfStmt:
		n.els = &list{}
		branch(n.els, []ast.Stmt{e})
	}
	g.at, g.curCase = parent, parentCase
	if len(exits) == 0 {
		// Every way out of the if is in this case: go on here.
		return fallOut
	}
	join := g.newCase(s.End(), "")
	for _, l := range exits {
		l.add(&jump{target: join, recv: g.recv})
	}
	if fallOut {
		parent.add(&jump{target: join, recv: g.recv})
	}
	join.entered = true
	g.enter(join)
	return true
}

// lowerSwitch lowers an expression or type switch whose clauses await. The
// switch statement stays in the current case with its clauses lowered into
// it, so the tag is evaluated once and the clause is chosen as Go chooses
// it; break leaves through the switch's join case, like the ways out of a
// clause that resumed in another case.
func (g *gen) lowerSwitch(s ast.Stmt, init ast.Stmt, tag ast.Expr, assign ast.Stmt, body *ast.BlockStmt, label string) bool {
	head := "switch "
	var pre []string
	if init != nil {
		var in string
		pre, in = splitInit(g.simple(init))
		head += in + "; "
	}
	if tag != nil {
		head += g.expr(tag)
	}
	if assign != nil {
		head += g.print(assign, false)
	}
	head = strings.TrimSuffix(head, " ")
	n := &switchNode{head: head}
	g.flushCells()
	parent, parentCase := g.at, g.curCase
	g.addWithPre(pre, n)
	join := g.newCase(s.End(), "")
	g.targets = append(g.targets, &target{label: label, stmt: s, brk: join, isSwitch: true})

	var exits []*list
	fallOut := false    // some clause falls out of the switch in this case
	hasDefault := false // without a default clause, no clause may match
	// lifted is the case the next clause's body is lowered into when this
	// clause falls through to it from code outside the switch statement
	// (from another case, after an await), where Go's fallthrough cannot
	// reach: the fallthrough becomes a jump there, and so does the next
	// clause's own entry in the switch.
	var lifted *caseBlock
	for i, st := range body.List {
		cc := st.(*ast.CaseClause)
		c := &clause{body: &list{}}
		if cc.List == nil {
			c.head = "default:"
			hasDefault = true
		} else {
			exprs := make([]string, len(cc.List))
			for i, e := range cc.List {
				if assign != nil {
					exprs[i] = g.typeExpr(e)
				} else {
					exprs[i] = g.expr(e)
				}
			}
			c.head = "case " + strings.Join(exprs, ", ") + ":"
		}
		n.clauses = append(n.clauses, c)
		g.at, g.curCase = c.body, parentCase
		if v, ok := g.info.Implicits[cc].(*types.Var); ok && v != nil {
			// The switch declares the clause's variable here: if the
			// clause uses it in another case too, it spans two cases.
			g.noteRef(v)
			if _, moved := g.fields[v]; moved || g.tops[v] != "" {
				if g.isCell(v) {
					g.emit(g.cellBase(v) + " = " + g.machine + ".Cell(" + v.Name() + ")")
				} else {
					g.emit(g.varName(v) + " = " + v.Name())
				}
			}
		}
		into := c.body
		if lifted != nil {
			c.body.add(&jump{target: lifted, recv: g.recv})
			g.enter(lifted)
			into, lifted = lifted.body, nil
		}
		stmts, fallsThrough := cc.Body, false
		if n := len(stmts); n > 0 {
			if b, ok := stmts[n-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				stmts, fallsThrough = stmts[:n-1], true
			}
		}
		if !g.lowerList(stmts) {
			continue
		}
		switch {
		case fallsThrough && g.at == c.body:
			g.at.add(&text{src: "fallthrough", ends: true})
		case fallsThrough:
			lifted = g.newCase(body.List[i+1].Pos(), "")
			g.at.add(&jump{target: lifted, recv: g.recv})
		case g.at == into && into == c.body:
			fallOut = true
		default:
			exits = append(exits, g.at)
		}
	}
	g.targets = g.targets[:len(g.targets)-1]
	g.at, g.curCase = parent, parentCase
	fallOut = fallOut || !hasDefault
	if len(exits) == 0 && !join.entered {
		g.dropCase(join)
		return fallOut
	}
	for _, l := range exits {
		l.add(&jump{target: join, recv: g.recv})
	}
	if fallOut {
		parent.add(&jump{target: join, recv: g.recv})
	}
	g.enter(join)
	return true
}

// lowerRange lowers a range loop whose body awaits. The loop's position is
// kept in hidden frame fields, so a resume goes on with the next element:
//
//   - a slice or string held in a frame field that the body does not assign
//     is indexed in place (the body's writes to its elements are seen, as in
//     Go), up to the length it had when the loop started;
//   - any other slice, array or string is copied into a hidden field when the
//     loop starts, as Go evaluates the range expression once;
//   - a map's keys are copied when the loop starts (sorted, when they are
//     ordered: any order is Go's order, and a sorted one makes a re-run step
//     save the same frame) and visited in that order, skipping keys deleted
//     since (Go may or may not visit keys added during the loop; durgen does
//     not);
//   - an integer's bound is kept.
//
// The next position is advanced before the body runs, so continue is a jump
// to the loop's head.
func (g *gen) lowerRange(s *ast.RangeStmt, label string) bool {
	id := g.nextRange()
	xType := types.Default(g.info.TypeOf(s.X))
	under := xType.Underlying()
	if p, ok := under.(*types.Pointer); ok {
		under = p.Elem().Underlying()
	}
	nextType := "int"
	if b, ok := under.(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
		nextType = g.typeString(xType)
		if b.Info()&types.IsUntyped != 0 {
			nextType = "int"
		}
	}
	next := g.hidden(fmt.Sprintf("DurgenNext%d", id), nextType, fmt.Sprintf("the next position of the range at %s", g.posString(s.Pos())))
	var (
		seq     string // what is indexed: the range variable or a hidden copy
		bound   string // the loop runs while next < bound
		setup   []string
		key     string // the key or index of this iteration
		value   string // the value of this iteration
		skip    string // a condition to skip the key (maps)
		advance = next + "++"
	)
	direct := g.rangesInPlace(s)
	switch u := under.(type) {
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			seq = g.rangeSeq(s, id, direct, xType, &setup)
			bound = "len(" + seq + ")"
			utf8 := g.imports.nameFor(types.NewPackage("unicode/utf8", "utf8"), g.file)
			r, w := g.freshName("durgenRune"), g.freshName("durgenWidth")
			setup = append(setup, next+" = 0")
			g.rangeHead(s, label, id, next, bound, setup, func() {
				if s.Value == nil || isBlank(s.Value) {
					g.emit(fmt.Sprintf("_, %s := %s.DecodeRuneInString(%s[%s:])", w, utf8, seq, next))
				} else {
					g.emit(fmt.Sprintf("%s, %s := %s.DecodeRuneInString(%s[%s:])", r, w, utf8, seq, next))
				}
				g.rangeAssign(s, next, r)
				g.emit(fmt.Sprintf("%s += %s", next, w))
			})
			return g.rangeRest(s)
		}
		// range over an integer.
		t := xType
		if u.Info()&types.IsUntyped != 0 {
			t = types.Typ[types.Int]
		}
		n := g.hidden(fmt.Sprintf("DurgenBound%d", id), g.typeString(t), fmt.Sprintf("the bound of the range at %s", g.posString(s.Pos())))
		setup = append(setup, n+" = "+g.expr(s.X), next+" = 0")
		g.rangeHead(s, label, id, next, n, setup, func() {
			g.rangeAssign(s, next, "")
			g.emit(advance)
		})
		return g.rangeRest(s)
	case *types.Slice, *types.Array:
		_, isPtr := xType.Underlying().(*types.Pointer)
		if isPtr && direct {
			// range &arr: the array itself, read in place.
			seq = g.expr(ast.Unparen(s.X).(*ast.UnaryExpr).X)
		} else {
			seq = g.rangeSeq(s, id, direct && isSlice(under), xType, &setup)
		}
		bound = "len(" + seq + ")"
		if isSlice(under) && direct {
			b := g.hidden(fmt.Sprintf("DurgenLen%d", id), "int", fmt.Sprintf("the length of %s when the range at %s started", g.source(s.X), g.posString(s.Pos())))
			setup = append(setup, b+" = len("+seq+")")
			bound = b
		}
		setup = append(setup, next+" = 0")
		key = next
		value = seq + "[" + next + "]"
		g.rangeHead(s, label, id, next, bound, setup, func() {
			g.rangeAssignKV(s, key, value)
			g.emit(advance)
		})
		return g.rangeRest(s)
	case *types.Map:
		m := g.expr(s.X)
		if !direct {
			m = g.hidden(fmt.Sprintf("DurgenMap%d", id), g.typeString(xType), fmt.Sprintf("%s when the range at %s started", g.source(s.X), g.posString(s.Pos())))
			setup = append(setup, m+" = "+g.expr(s.X))
		}
		keys := g.hidden(fmt.Sprintf("DurgenKeys%d", id), "[]"+g.typeString(u.Key()), fmt.Sprintf("the keys of %s when the range at %s started", g.source(s.X), g.posString(s.Pos())))
		k := g.freshName("durgenKey")
		setup = append(setup, keys+" = nil", fmt.Sprintf("for %s := range %s {\n%s = append(%s, %s)\n}", k, m, keys, keys, k))
		if b, ok := u.Key().Underlying().(*types.Basic); ok && b.Info()&types.IsOrdered != 0 {
			// Visit ordered keys in order: a step that runs twice from the
			// same checkpoint then saves the same frame.
			slices := g.imports.nameFor(types.NewPackage("slices", "slices"), g.file)
			setup = append(setup, slices+".Sort("+keys+")")
		}
		setup = append(setup, next+" = 0")
		key = keys + "[" + next + "]"
		value = m + "[" + key + "]"
		skip = fmt.Sprintf("_, ok := %s[%s]; !ok", m, key)
		g.rangeHead(s, label, id, next, "len("+keys+")", setup, func() {
			n := &ifNode{head: "if " + skip, then: &list{}}
			n.then.add(&text{src: advance})
			n.then.add(&jump{target: g.targets[len(g.targets)-1].cont, cont: g.continueStmt(), recv: g.recv})
			g.at.add(n)
			g.rangeAssignKV(s, key, value)
			g.emit(advance)
		})
		return g.rangeRest(s)
	}
	panic(fmt.Sprintf("lowerRange: range over %s passed the split check", xType))
}

// rangeSeq returns what a range loop indexes: the range expression itself if
// direct, else a hidden copy made when the loop starts.
func (g *gen) rangeSeq(s *ast.RangeStmt, id int, direct bool, t types.Type, setup *[]string) string {
	if direct {
		return g.expr(s.X)
	}
	seq := g.hidden(fmt.Sprintf("DurgenRange%d", id), g.typeString(t), fmt.Sprintf("%s when the range at %s started", g.source(s.X), g.posString(s.Pos())))
	*setup = append(*setup, seq+" = "+g.expr(s.X))
	return seq
}

// rangesInPlace reports whether a range loop may read its range expression
// at every iteration rather than a copy: the expression is a local held in
// the frame (or the address of one, for an array) that the loop's body does
// not assign or take the address of.
func (g *gen) rangesInPlace(s *ast.RangeStmt) bool {
	x := ast.Unparen(s.X)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	if se, ok := x.(*ast.SliceExpr); ok {
		// x[lo:hi] with constant bounds reads x again at each iteration
		// exactly as the slice made at the start would.
		for _, b := range []ast.Expr{se.Low, se.High, se.Max} {
			if b != nil && g.info.Types[b].Value == nil {
				return false
			}
		}
		x = ast.Unparen(se.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	v := g.localOf(id)
	if v == nil {
		return false
	}
	if _, hoisted := g.fields[v]; !hoisted {
		return false
	}
	assigned := false
	ast.Inspect(s.Body, func(n ast.Node) bool {
		check := func(e ast.Expr) {
			if x, ok := ast.Unparen(e).(*ast.Ident); ok && g.localOf(x) == v {
				assigned = true
			}
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				check(l)
			}
		case *ast.IncDecStmt:
			check(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				check(n.X)
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				check(n.Key)
				check(n.Value)
			}
		}
		return !assigned
	})
	return !assigned
}

// rangeHead starts a lowered range loop: setup in the current case, then the
// head case testing next < bound and running head, then the body.
func (g *gen) rangeHead(s *ast.RangeStmt, label string, id int, next, bound string, setup []string, head func()) {
	for _, st := range setup {
		g.emit(st)
	}
	comment := "for " + g.userHeader(s, rangeHeader(s, g.source)) + " {"
	if label != "" {
		comment = label + ": " + comment
	}
	hc := g.newCase(s.Pos(), comment)
	g.cur().add(&jump{target: hc, recv: g.recv})
	g.enter(hc)
	done := g.newCase(s.End(), "")
	n := &ifNode{head: fmt.Sprintf("if %s >= %s", next, bound), then: &list{}}
	n.then.add(&jump{target: done, cont: g.continueStmt(), recv: g.recv})
	g.cur().add(n)
	done.entered = true
	g.targets = append(g.targets, &target{label: label, stmt: s, brk: done, cont: hc})
	head()
}

// rangeRest lowers a range loop's body after its head.
func (g *gen) rangeRest(s *ast.RangeStmt) bool {
	t := g.targets[len(g.targets)-1]
	if g.lowerList(s.Body.List) {
		g.cur().add(&jump{target: t.cont, recv: g.recv})
	}
	g.targets = g.targets[:len(g.targets)-1]
	g.enter(t.brk)
	return true
}

// rangeHeader prints a range clause, "k, v := range x", with src printing
// its parts.
func rangeHeader(s *ast.RangeStmt, src func(ast.Node) string) string {
	var b strings.Builder
	if s.Key != nil {
		b.WriteString(src(s.Key))
		if s.Value != nil {
			b.WriteString(", " + src(s.Value))
		}
		b.WriteString(" " + s.Tok.String() + " ")
	}
	b.WriteString("range " + src(s.X))
	return b.String()
}

// rangeAssign assigns an iteration's key (and, for strings, rune) to the
// loop's variables.
func (g *gen) rangeAssign(s *ast.RangeStmt, key, r string) {
	g.rangeAssignKV(s, key, r)
}

// rangeAssignKV assigns key and value to the loop's key and value
// variables, as declared (:=) or assigned (=) by the range clause.
func (g *gen) rangeAssignKV(s *ast.RangeStmt, key, value string) {
	var lhs []ast.Expr
	var rhs []string
	if s.Key != nil && !isBlank(s.Key) {
		lhs, rhs = append(lhs, s.Key), append(rhs, key)
	}
	if s.Value != nil && !isBlank(s.Value) && value != "" {
		lhs, rhs = append(lhs, s.Value), append(rhs, value)
	}
	if len(lhs) == 0 {
		return
	}
	tok := s.Tok
	if tok != token.DEFINE {
		tok = token.ASSIGN
	}
	g.emit(g.assign(lhs, tok, strings.Join(rhs, ", ")))
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func isSlice(t types.Type) bool {
	_, ok := t.(*types.Slice)
	return ok
}

// nextRange numbers the lowered range loops of the workflow.
func (g *gen) nextRange() int {
	g.ranges++
	return g.ranges
}

// hidden adds a frame field that the generator needs (a range loop's
// position) and returns how the code refers to it. A second call with the
// same name returns the same field.
func (g *gen) hidden(name, typ, comment string) string {
	for _, f := range g.fieldOrder {
		if f.name == name {
			return g.recv + "." + name
		}
	}
	tag := strings.ToLower(name[:6]) + "_" + strings.ToLower(name[6:])
	g.fieldOrder = append(g.fieldOrder, &field{name: name, tag: tag, typ: typ, comment: comment})
	return g.recv + "." + name
}

// freshName returns a name based on base that the workflow does not use.
func (g *gen) freshName(base string) string {
	return pickName(g.bodyNames(), base)
}

// posString prints a position as file:line.
func (g *gen) posString(pos token.Pos) string {
	p := g.fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// typeExpr prints a type in a type switch's case: a type expression of the
// source, or nil.
func (g *gen) typeExpr(e ast.Expr) string {
	if tv, ok := g.info.Types[e]; ok && tv.IsType() {
		return g.typeString(tv.Type)
	}
	return g.expr(e)
}

// lowerFor lowers a three-clause, condition-only or infinite for loop whose
// body awaits.
func (g *gen) lowerFor(s *ast.ForStmt, label string) bool {
	if s.Init != nil {
		g.emit(g.simple(s.Init))
	}
	comment := "for " + g.userHeader(s, forHeader(s, g.source)) + " {"
	if label != "" {
		comment = label + ": " + comment
	}
	head := g.newCase(s.Pos(), strings.Replace(comment, "for  {", "for {", 1))
	g.cur().add(&jump{target: head, recv: g.recv})
	head.entered = true
	g.enter(head)
	done := g.newCase(s.End(), "")
	if s.Cond != nil {
		n := &ifNode{head: "if " + negate(g.expr(s.Cond)), then: &list{}}
		n.then.add(&jump{target: done, cont: g.continueStmt(), recv: g.recv})
		g.cur().add(n)
		done.entered = true
	}
	t := &target{label: label, stmt: s, brk: done, cont: head, post: s.Post, perIter: g.perIteration(s)}
	g.targets = append(g.targets, t)
	falls := g.lowerList(s.Body.List)
	g.targets = g.targets[:len(g.targets)-1]
	if falls {
		for _, c := range t.perIter {
			g.emit(c)
		}
		if s.Post != nil {
			g.emit(g.simple(s.Post))
		}
		g.cur().add(&jump{target: head, recv: g.recv})
	}
	if !done.entered {
		// Nothing leaves the loop: the code after it is unreachable.
		g.dropCase(done)
		return false
	}
	g.enter(done)
	return true
}

// perIteration returns the statements that give a three-clause loop's
// variables kept in cells a new cell for the next iteration, holding the
// value of this one's, as Go does before the post statement.
func (g *gen) perIteration(s *ast.ForStmt) []string {
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return nil
	}
	var out []string
	for _, l := range init.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			if v, ok := g.info.Defs[id].(*types.Var); ok && v != nil && g.isCell(v) {
				base := g.cellBase(v)
				out = append(out, base+" = "+g.machine+".Cell(*"+base+")")
			}
		}
	}
	return out
}

// forHeader prints a for statement's clauses, with src printing them.
func forHeader(s *ast.ForStmt, src func(ast.Node) string) string {
	if s.Init != nil || s.Post != nil {
		return strings.TrimRight(src(s.Init)+"; "+src(s.Cond)+"; "+src(s.Post), " ")
	}
	return src(s.Cond)
}

// splitInit separates the statements that a printed init statement needs
// first (var lines, when a := mixes frame fields and new locals; new cells)
// from the statement that can stand in an if or switch header.
func splitInit(init string) ([]string, string) {
	lines := strings.Split(init, "\n")
	if len(lines) == 1 {
		return nil, init
	}
	return lines[:len(lines)-1], lines[len(lines)-1]
}

// addWithPre adds n at the insertion point, inside a block that declares
// pre first if there is any.
func (g *gen) addWithPre(pre []string, n node) {
	if len(pre) == 0 {
		g.at.add(n)
		return
	}
	b := &blockNode{body: &list{}}
	for _, p := range pre {
		b.body.add(&text{src: p})
	}
	b.body.add(n)
	g.at.add(b)
}

// negate returns the negation of a printed condition.
func negate(cond string) string {
	if isSimpleOperand(cond) {
		return "!" + cond
	}
	return "!(" + cond + ")"
}

func isSimpleOperand(s string) bool {
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

// command prints the command that suspends at call.
func (g *gen) command(call *ast.CallExpr) string {
	aw := g.awaits[call]
	if aw.Kind == workflow.Child {
		// W(ctx, in) becomes machine.Child(ctx, name, W, in): a child
		// instance, the parent resuming with its result.
		name := aw.Callee.Pkg().Path() + "." + aw.Callee.Name()
		return fmt.Sprintf("%s.Child(%s, %q, %s, %s)", g.machine, g.expr(call.Args[0]), name, g.expr(call.Fun), g.expr(call.Args[1]))
	}
	args := make([]string, len(call.Args))
	for i, a := range call.Args {
		args[i] = g.expr(a)
	}
	if call.Ellipsis.IsValid() {
		args[len(args)-1] += "..."
	}
	switch aw.Name {
	case "Await":
		return g.activityCommand(call)
	case "":
		panic("command: an await without a name")
	case "Get":
		// f.Get(ctx) becomes machine.Get(ctx, f).
		fut := g.expr(ast.Unparen(call.Fun).(*ast.SelectorExpr).X)
		return g.machine + ".Get(" + args[0] + ", " + fut + ")"
	default:
		return g.machine + "." + aw.Name + g.typeArgs(call) + "(" + strings.Join(args, ", ") + ")"
	}
}

// typeArgs prints the type arguments of a call of a generic function, as
// instantiated: "[T]", or "" for a function that is not generic.
func (g *gen) typeArgs(call *ast.CallExpr) string {
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	}
	inst, ok := g.info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return ""
	}
	var ts []string
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		ts = append(ts, g.typeString(inst.TypeArgs.At(i)))
	}
	return "[" + strings.Join(ts, ", ") + "]"
}

// outcome prints the expression that reads the outcome of the await call at
// the resume label.
func (g *gen) outcome(call *ast.CallExpr) string {
	tv := g.info.Types[call]
	if tuple, ok := tv.Type.(*types.Tuple); ok && tuple.Len() == 2 {
		return fmt.Sprintf("%s.Result[%s](%s)", g.machine, g.typeString(tuple.At(0).Type()), g.ctx)
	}
	return fmt.Sprintf("%s.Done(%s)", g.machine, g.ctx)
}

// awaitCallOf returns the await call of an await statement.
func (g *gen) awaitCallOf(s ast.Stmt) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(s, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok && g.awaits[c] != nil {
			found = c
			return false
		}
		return true
	})
	return found
}

// resumeStmt prints an await statement as it runs at its resume label: the
// await replaced by its outcome.
func (g *gen) resumeStmt(s ast.Stmt, call *ast.CallExpr) string {
	out := g.outcome(call)
	switch s := s.(type) {
	case *ast.ExprStmt:
		return "" // the outcome is dropped, as in the source
	case *ast.AssignStmt:
		return g.assign(s.Lhs, s.Tok, out)
	case *ast.DeclStmt:
		spec := s.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
		lhs := make([]ast.Expr, len(spec.Names))
		for i, n := range spec.Names {
			lhs[i] = n
		}
		return g.assign(lhs, token.DEFINE, out)
	case *ast.ReturnStmt:
		return g.returnStmt(g.returnCommand(out, nil))
	}
	panic(fmt.Sprintf("resumeStmt: %T", s))
}

// newCase makes a case for code starting at pos.
func (g *gen) newCase(pos token.Pos, comment string) *caseBlock {
	// seq must stay unique after dropCase: it names the case in the
	// placeholders of printed jumps.
	g.caseSeq++
	c := &caseBlock{pos: pos, seq: g.caseSeq, comment: comment, body: &list{top: true}}
	g.cases = append(g.cases, c)
	return c
}

// dropCase removes a case nothing enters.
func (g *gen) dropCase(c *caseBlock) {
	for i, x := range g.cases {
		if x == c {
			g.cases = append(g.cases[:i], g.cases[i+1:]...)
			return
		}
	}
}

// enter moves the insertion point to the top of c.
func (g *gen) enter(c *caseBlock) {
	c.entered = true
	g.at, g.curCase = c.body, c
}

func (g *gen) cur() *list { return g.at }

// emit adds printed statements that control goes past at the insertion
// point.
func (g *gen) emit(s string) {
	g.flushCells()
	if s != "" {
		g.at.add(&text{src: s})
	}
}

// continueStmt returns the statement that goes round the dispatch loop from
// the current position.
func (g *gen) continueStmt() string {
	if g.userLoops > 0 {
		g.dispatchLabelUsed = true
		return "continue " + g.dispatchLabel
	}
	return "continue"
}

// hasAwait reports whether n contains an await point outside function
// literals.
func (g *gen) hasAwait(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok && g.awaits[c] != nil {
			found = true
		}
		return !found
	})
	return found
}

// activityName names the activity an Await calls: the function's package
// path and name.
func (g *gen) activityName(fn ast.Expr) string {
	var id *ast.Ident
	switch e := ast.Unparen(fn).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	}
	if id != nil {
		if obj, ok := g.info.Uses[id].(*types.Func); ok && obj.Pkg() != nil {
			return obj.Pkg().Path() + "." + obj.Name()
		}
	}
	panic("activityName: the split check accepted a non-function activity")
}

// startedActivities registers the activities the workflow starts without
// awaiting them at once (durgen.Go, durgen.Compensate): the runtime finds
// them by function value.
func (g *gen) startedActivities() {
	ast.Inspect(g.fn.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) < 2 {
			return true
		}
		var id *ast.Ident
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.SelectorExpr:
			id = f.Sel
		case *ast.IndexExpr:
			if sel, ok := f.X.(*ast.SelectorExpr); ok {
				id = sel.Sel
			}
		}
		if id == nil {
			return true
		}
		fn, ok := g.info.Uses[id].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != workflow.DurgenPath || (fn.Name() != "Go" && fn.Name() != "Compensate") {
			return true
		}
		if act := call.Args[1]; g.isFuncRef(act) {
			g.activities.add(g.activityName(act), g.expr(act))
		}
		return true
	})
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
	return ok && fn.Type().(*types.Signature).Recv() == nil && fn.Pkg() != nil && fn.Parent() == fn.Pkg().Scope()
}

// activitySet collects the activities a workflow awaits, in first-use order.
type activitySet struct {
	names []string
	exprs map[string]string
}

func (s *activitySet) add(name, expr string) {
	if s.exprs == nil {
		s.exprs = map[string]string{}
	}
	if _, ok := s.exprs[name]; !ok {
		s.names = append(s.names, name)
		s.exprs[name] = expr
	}
}

// loopHeads returns the headers of the loops in pkg's workflows as the user
// wrote them ("i := 0; i < n; i++", "k, v := range m"), by file:line, for
// the comments of the lowered loops' head cases: normalize may rewrite a
// header (an await brought out of its init, condition or post statement)
// but keeps the loop on its line. A line holding two loops is left out.
func loopHeads(pkg *packages.Package) map[string]string {
	heads := map[string]string{}
	seen := map[string]int{}
	src := func(n ast.Node) string {
		if n == nil || reflect.ValueOf(n).IsNil() {
			return ""
		}
		var buf bytes.Buffer
		printer.Fprint(&buf, pkg.Fset, n)
		return strings.Join(strings.Fields(buf.String()), " ")
	}
	for _, fn := range workflow.Find(pkg.Syntax, pkg.TypesInfo) {
		ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
			var head string
			switch s := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				head = forHeader(s, src)
			case *ast.RangeStmt:
				head = rangeHeader(s, src)
			default:
				return true
			}
			p := pkg.Fset.Position(n.Pos())
			key := fmt.Sprintf("%s:%d", p.Filename, p.Line)
			seen[key]++
			heads[key] = head
			return true
		})
	}
	for key, n := range seen {
		if n > 1 {
			delete(heads, key)
		}
	}
	return heads
}

// userHeader returns the header of the loop s as the user wrote it, or
// printed, the header of the code it became.
func (g *gen) userHeader(s ast.Stmt, printed string) string {
	p := g.fset.Position(s.Pos())
	if h, ok := g.heads[fmt.Sprintf("%s:%d", p.Filename, p.Line)]; ok {
		return h
	}
	return printed
}

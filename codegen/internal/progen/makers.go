package progen

// This file defines the statement makers, the table that stmt draws from,
// and the expressions they use. A maker returns the lines of one statement
// (or a short group); expressions never await unless a Features bit allows
// it, and never copy a slice or map into another local (two locals sharing
// memory are two copies after a resume, which is a rule of its own).

import (
	"fmt"
	"strings"
)

// maker makes one kind of statement.
type maker struct {
	name   string
	weight int
	ok     func(g *gen) bool     // nil: always
	make   func(g *gen) []string // the statement's lines
}

var makers []maker

func init() {
	makers = []maker{
		{"decl", 5, nil, (*gen).decl},
		{"assign", 5, nil, (*gen).assign},
		{"await", 8, (*gen).canAwait, (*gen).await},
		{"sleep", 2, (*gen).canAwait, (*gen).sleep},
		{"if", 4, (*gen).canNest, (*gen).ifElse},
		{"for3", 2, (*gen).canNest, (*gen).for3},
		{"forCond", 1, (*gen).canNest, (*gen).forCond},
		{"forEver", 1, (*gen).canNest, (*gen).forEver},
		{"branch", 3, (*gen).inLoop, (*gen).branch},
		{"return", 1, nil, (*gen).earlyReturn},
		{"block", 1, (*gen).canNest, (*gen).blockStmt},
		{"plainLoop", 1, nil, (*gen).plainLoop},
		{"closure", 1, nil, (*gen).closure},
		{"switch", 1, (*gen).canNest, (*gen).switchStmt},
		{"range", 1, (*gen).canNest, (*gen).rangeStmt},
		{"exprAwait", 4, (*gen).canExprAwait, (*gen).exprAwaitStmt},
		{"swapAssign", 1, (*gen).canExprAwait, (*gen).swapAssign},
		{"gotoRegion", 1, (*gen).canGoto, (*gen).gotoRegion},
		{"gotoBack", 1, (*gen).canGoto, (*gen).gotoBack},
		{"gotoFwd", 2, (*gen).inGoto, (*gen).gotoFwd},
		{"mapRange", 1, (*gen).canNest, (*gen).mapRange},
		{"share", 1, (*gen).canShare, (*gen).share},
		{"addr", 1, nil, (*gen).addr},
		{"multiDecl", 1, nil, (*gen).multiDecl},
		{"typeSwitch", 1, (*gen).canNest, (*gen).typeSwitch},
		{"defer", 1, (*gen).canDefer, (*gen).deferStmt},
	}
}

func (g *gen) canAwait() bool     { return !g.noAwait }
func (g *gen) canExprAwait() bool { return !g.noAwait && g.feat.Expr }
func (g *gen) canGoto() bool      { return g.feat.Goto && !g.noAwait && g.depth < 3 }
func (g *gen) inGoto() bool       { return len(g.gotos) > 0 }
func (g *gen) canShare() bool     { return g.feat.Share && !g.feat.Avoid["fuzz_sharedmem"] }
func (g *gen) canDefer() bool     { return g.feat.Defer && !g.noAwait }

// withAwaits makes f's expressions with awaits allowed inside them, where
// the generator takes them.
func (g *gen) withAwaits(f func() string) string {
	old := g.exprAwait
	g.exprAwait = g.canExprAwait() && !g.headNoAwait
	defer func() { g.exprAwait = old }()
	return f()
}

// awaitIn is an await used inside an expression, of type t, or "" if
// expressions may not await here.
func (g *gen) awaitIn(t typ) string {
	if !g.exprAwait || !g.c.chance(1, 3) {
		return ""
	}
	old := g.exprAwait
	g.exprAwait = g.c.chance(1, 4) // an await in an await's argument, rarely
	defer func() { g.exprAwait = old }()
	for _, a := range activities {
		if a.out == t {
			return "must(" + g.call(a) + ")"
		}
	}
	return ""
}
func (g *gen) canNest() bool { return g.depth < 3 }
func (g *gen) inLoop() bool {
	for _, t := range g.targets {
		if t.isLoop {
			return true
		}
	}
	return false
}

// stmt makes one statement from the table.
func (g *gen) stmt() []string {
	total := 0
	for _, m := range makers {
		if m.ok == nil || m.ok(g) {
			total += m.weight
		}
	}
	r := g.c.intn(total)
	for _, m := range makers {
		if m.ok != nil && !m.ok(g) {
			continue
		}
		if r < m.weight {
			return m.make(g)
		}
		r -= m.weight
	}
	panic("unreachable")
}

// --- expressions ---

func (g *gen) lit() string { return fmt.Sprint(g.c.intn(10)) }

// intExpr is an int expression of nesting at most d.
func (g *gen) intExpr(d int) string {
	n := 5
	if d <= 0 {
		n = 3
	}
	if a := g.awaitIn(tInt); a != "" {
		switch g.c.intn(4) {
		case 0:
			return a
		case 1:
			return "(" + g.intExpr(d-1) + " + " + a + ")"
		case 2:
			if p := g.awaitIn(tPair); p != "" {
				if g.c.chance(1, 2) {
					return p + ".Sum()"
				}
				return p + ".A"
			}
			return "(" + a + " * 2)"
		default:
			if m := g.awaitIn(tMap); m != "" {
				return m + `["k0"]`
			}
			return "(" + a + " - " + g.intExpr(d-1) + ")"
		}
	}
	switch g.c.intn(n) {
	case 0:
		return g.lit()
	case 1, 2:
		if v := g.pick(tInt, false); v != nil {
			return v.name
		}
		if v := g.pick(tString, false); v != nil {
			return "len(" + v.name + ")"
		}
		return g.lit()
	case 3:
		a, b := g.intExpr(d-1), g.intExpr(d-1)
		op := []string{"+", "-", "*", "+"}[g.c.intn(4)]
		return "(" + a + " " + op + " " + b + ")"
	default:
		switch g.c.intn(4) {
		case 0:
			if v := g.pick(tSlice, false); v != nil {
				return "len(" + v.name + ")"
			}
		case 1:
			if v := g.pick(tPair, false); v != nil {
				return v.name + ".A"
			}
			if v := g.pick(tPtr, false); v != nil {
				return v.name + ".A"
			}
		case 2:
			if v := g.pick(tMap, false); v != nil {
				return v.name + `["k1"]`
			}
		}
		return "(" + g.intExpr(d-1) + " % " + fmt.Sprint(2+g.c.intn(5)) + ")"
	}
}

// small is an int expression in [0, 4): a loop bound.
func (g *gen) small() string {
	if g.c.chance(1, 2) {
		return fmt.Sprint(1 + g.c.intn(3))
	}
	return "(" + g.intExpr(1) + "%3 + 1)"
}

func (g *gen) boolExpr(d int) string {
	n := 5
	if d <= 0 {
		n = 3
	}
	if a := g.awaitIn(tBool); a != "" {
		if g.c.chance(1, 2) {
			return a
		}
		return "!" + a
	}
	switch g.c.intn(n) {
	case 0:
		if v := g.pick(tBool, false); v != nil {
			return v.name
		}
		return g.intExpr(1) + "%2 == 0"
	case 1:
		op := []string{"<", "<=", "==", "!=", ">"}[g.c.intn(5)]
		return g.intExpr(1) + " " + op + " " + g.intExpr(1)
	case 2:
		if v := g.pick(tErr, false); v != nil {
			if g.c.chance(1, 2) && !g.feat.Avoid["fuzz_errsentinel"] {
				return "errors.Is(" + v.name + ", ErrOdd)"
			}
			return v.name + " != nil"
		}
		if v := g.pick(tSlice, false); v != nil && g.c.chance(1, 2) {
			return v.name + " == nil"
		}
		if v := g.pick(tString, false); v != nil {
			return v.name + ` != ""`
		}
		return g.intExpr(1) + "%3 == 1"
	case 3:
		old := g.exprAwait
		g.exprAwait = old && g.feat.AndOr
		defer func() { g.exprAwait = old }()
		op := []string{"&&", "||"}[g.c.intn(2)]
		return "(" + g.boolExpr(d-1) + " " + op + " " + g.boolExpr(d-1) + ")"
	default:
		return "!(" + g.boolExpr(d-1) + ")"
	}
}

func (g *gen) stringExpr(d int) string {
	if a := g.awaitIn(tString); a != "" {
		return a
	}
	switch g.c.intn(4) {
	case 0:
		lits := []string{"a", "bc", "", "xyz", "héllo", "日本"}
		if !g.feat.Avoid["fuzz_utf8"] {
			lits = append(lits, "\xff", "a\xc3")
		}
		return fmt.Sprintf("%q", lits[g.c.intn(len(lits))])
	case 1:
		if v := g.pick(tString, false); v != nil {
			return v.name
		}
		return "strconv.Itoa(" + g.intExpr(d-1) + ")"
	case 2:
		return "strconv.Itoa(" + g.intExpr(d-1) + ")"
	default:
		if d <= 0 {
			return `"z"`
		}
		return "clip(" + g.stringExpr(d-1) + " + " + g.stringExpr(d-1) + ")"
	}
}

// expr is an expression of type t that shares no memory with a local.
func (g *gen) expr(t typ) string {
	switch t {
	case tInt:
		return g.intExpr(2)
	case tString:
		return g.stringExpr(2)
	case tBool:
		return g.boolExpr(2)
	case tSlice:
		if a := g.awaitIn(tSlice); a != "" {
			return a
		}
		if v := g.pick(tSlice, false); v != nil && g.c.chance(1, 2) {
			return "append([]int{" + g.intExpr(1) + "}, " + v.name + "...)"
		}
		return "[]int{" + g.intExpr(1) + ", " + g.intExpr(1) + "}"
	case tMap:
		if a := g.awaitIn(tMap); a != "" {
			return a
		}
		return `map[string]int{"k1": ` + g.intExpr(1) + `, "k` + fmt.Sprint(2+g.c.intn(8)) + `": ` + g.intExpr(1) + "}"
	case tPair:
		if a := g.awaitIn(tPair); a != "" {
			return a
		}
		if v := g.pick(tPtr, false); v != nil && g.c.chance(1, 3) {
			return "*" + v.name // a copy
		}
		return "Pair{A: " + g.intExpr(1) + ", B: " + g.stringExpr(1) + "}"
	case tPtr:
		return "&Pair{A: " + g.intExpr(1) + ", B: " + g.stringExpr(1) + "}"
	case tErr:
		return `errors.New("e` + g.lit() + `")`
	}
	panic(t)
}

// plainType picks a type for a new local.
func (g *gen) plainType() typ {
	ts := []typ{tInt, tInt, tInt, tString, tString, tBool, tSlice, tMap, tPair, tErr, tPtr}
	if g.feat.Avoid["fuzz_ptrshadow"] {
		ts = ts[:len(ts)-1]
	}
	return ts[g.c.intn(len(ts))]
}

// --- simple statements ---

// decl declares a local in one of the four forms.
func (g *gen) decl() []string {
	t := g.plainType()
	e := g.withAwaits(func() string { return g.expr(t) })
	name := g.newName(t)
	var line string
	switch g.c.intn(4) {
	case 0, 1:
		line = name + " := " + e
	case 2:
		line = "var " + name + " " + t.String()
		if t == tMap || t == tPtr || g.c.chance(1, 2) { // no nil map or pointer, which panic
			line += " = " + e
		}
	default:
		if t == tErr || t == tSlice && strings.HasPrefix(e, "append") {
			line = name + " := " + e
		} else {
			line = "var " + name + " = " + e
		}
	}
	g.declare(name, t, false)
	return []string{line}
}

// assign changes a local; its right side may await.
func (g *gen) assign() []string {
	old := g.exprAwait
	g.exprAwait = g.canExprAwait()
	defer func() { g.exprAwait = old }()
	t := g.plainType()
	v := g.pick(t, true)
	if v == nil {
		return g.decl()
	}
	switch t {
	case tInt:
		switch g.c.intn(4) {
		case 0:
			return []string{v.name + "++"}
		case 1:
			return []string{v.name + " += " + g.intExpr(2)}
		}
	case tString:
		if g.c.chance(1, 2) {
			return []string{v.name + " = clip(" + v.name + " + " + g.stringExpr(1) + ")"}
		}
	case tSlice:
		if g.c.chance(1, 3) {
			return []string{"if len(" + v.name + ") > 0 {", v.name + "[len(" + v.name + ")-1] = " + g.intExpr(1), "}"}
		}
		if g.c.chance(1, 2) {
			return []string{v.name + " = append(" + v.name + ", " + g.intExpr(1) + ")"}
		}
	case tMap:
		if g.feat.Expr && g.c.chance(1, 2) {
			// Awaits on the left too: in the key, before the right side.
			k := v.name + "[clip(" + g.stringExpr(1) + ")]"
			if g.c.chance(1, 2) {
				return []string{k + "++"}
			}
			return []string{k + " += " + g.intExpr(1)}
		}
		if g.c.chance(2, 3) {
			return []string{v.name + `["k` + g.lit() + `"] = ` + g.intExpr(1)}
		}
	case tPair, tPtr:
		if g.c.chance(1, 2) {
			return []string{v.name + ".A += " + g.intExpr(1), v.name + ".B = clip(" + v.name + ".B + " + g.stringExpr(1) + ")"}
		}
	}
	return []string{v.name + " = " + g.expr(t)}
}

// activity is an activity of the prelude: its input type, output type and
// an argument maker.
type activity struct {
	name    string
	in, out typ
}

var activities = []activity{
	{"Inc", tInt, tInt},
	{"Name", tInt, tString},
	{"Even", tString, tBool},
	{"Split", tInt, tSlice},
	{"Swap", tPair, tPair},
	{"Keys", tInt, tMap},
}

func (g *gen) call(a activity) string {
	g.awaits++
	return fmt.Sprintf("durgen.Await(ctx, %s, %s)", a.name, g.expr(a.in))
}

// onErr handles err after an await: return it, fold it and go on, or leave
// the loop.
func (g *gen) onErr(err string) []string {
	var body []string
	switch g.c.intn(4) {
	case 0, 1:
		if g.canBareReturn() && err == "err" && g.lookup("err") == g.scopes[0].vars[indexOf(g.scopes[0].vars, "err")] && g.c.chance(1, 2) {
			body = []string{"res = " + g.all(), "return"}
		} else {
			body = []string{fmt.Sprintf("return %q + acc, fmt.Errorf(\"w%d: %%w\", %s)", "", g.next, err)}
			g.next++
		}
	case 2:
		body = []string{"acc = mix(acc, \"!\", " + err + ")"}
	default:
		if g.inLoop() {
			body = append([]string{"acc = mix(acc, " + err + ")"}, g.leave()...)
		} else {
			body = []string{"acc = mix(acc, \"?\", " + err + ".Error())"}
		}
	}
	return append(append([]string{"if " + err + " != nil {"}, body...), "}")
}

// await makes an await in one of the forms the generator splits at.
func (g *gen) await() []string {
	a := activities[g.c.intn(len(activities))]
	switch g.c.intn(7) {
	case 0: // v, err := await
		v := g.newName(a.out)
		e := "err"
		if g.inCurrent(e) && g.inCurrent(v) {
			v = g.fresh(names[a.out][0])
		}
		call := g.call(a)
		lines := []string{v + ", " + e + " := " + call}
		g.declare(v, a.out, false)
		if !g.inCurrent(e) {
			g.declare(e, tErr, false)
		}
		return append(lines, g.onErr(e)...)
	case 1: // v, err = await, into existing locals
		v := g.pick(a.out, true)
		e := g.pick(tErr, true)
		if v == nil || e == nil {
			return g.awaitVar(a)
		}
		lines := []string{v.name + ", " + e.name + " = " + g.call(a)}
		return append(lines, g.onErr(e.name)...)
	case 2: // expression statement, or results dropped
		if g.c.chance(1, 2) {
			return []string{g.call(a)}
		}
		return []string{"_, _ = " + g.call(a)}
	case 3:
		return g.awaitVar(a)
	case 4: // if v, err := await; err != nil { } else { }
		call := g.call(a)
		g.push(false)
		v := g.newName(a.out)
		g.declare(v, a.out, false).init = true
		g.declare("err", tErr, false).init = true
		lines := []string{"if " + v + ", err := " + call + "; err != nil {"}
		lines = append(lines, "acc = mix(acc, err)")
		if g.c.chance(1, 3) {
			lines = append(lines, g.block(1, nil)...)
		}
		lines = append(lines, "} else {", "acc = mix(acc, "+v+")")
		lines = append(lines, g.block(g.c.intn(3), nil)...)
		g.pop()
		return append(lines, "}")
	case 5: // v, _ := await
		v := g.newName(a.out)
		lines := []string{v + ", _ := " + g.call(a)}
		g.declare(v, a.out, false)
		return lines
	default: // _, err := await (or = when err is declared here)
		if g.inCurrent("err") {
			return append([]string{"_, err = " + g.call(a)}, g.onErr("err")...)
		}
		e := g.pick(tErr, true)
		if e != nil && g.c.chance(1, 2) {
			return append([]string{"_, " + e.name + " = " + g.call(a)}, g.onErr(e.name)...)
		}
		if g.lookup("err") == nil || g.c.chance(1, 2) {
			lines := []string{"var e" + fmt.Sprint(g.next+1) + " error"}
			name := g.fresh("e")
			g.declare(name, tErr, false)
			lines = append(lines, "_, "+name+" = "+g.call(a))
			return append(lines, g.onErr(name)...)
		}
		return []string{"_, _ = " + g.call(a)}
	}
}

// awaitVar is var v, err = await (or var v, e2 = ... when err is taken).
func (g *gen) awaitVar(a activity) []string {
	v := g.newName(a.out)
	e := "err"
	if g.inCurrent(e) {
		e = g.fresh("e")
	}
	if v == e {
		v = g.fresh(names[a.out][0])
	}
	lines := []string{"var " + v + ", " + e + " = " + g.call(a)}
	g.declare(v, a.out, false)
	g.declare(e, tErr, false)
	return append(lines, g.onErr(e)...)
}

// sleep is a durable sleep in one of its forms.
func (g *gen) sleep() []string {
	g.awaits++
	d := fmt.Sprintf("%d*time.Minute", 1+g.c.intn(90))
	switch g.c.intn(5) {
	case 0:
		return []string{"durgen.Sleep(ctx, " + d + ")"}
	case 1:
		return []string{"if err := durgen.Sleep(ctx, " + d + "); err != nil {", "return \"\", err", "}"}
	case 2:
		return []string{"durgen.SleepUntil(ctx, durgen.Now(ctx).Add(" + d + "))"}
	case 3:
		if e := g.pick(tErr, true); e != nil {
			return []string{e.name + " = durgen.Sleep(ctx, " + d + ")"}
		}
		return []string{"_ = durgen.Sleep(ctx, " + d + ")"}
	default:
		return []string{"durgen.Sleep(ctx, time.Duration(" + g.small() + ")*time.Hour)"}
	}
}

// --- compound statements ---

func (g *gen) ifElse() []string {
	var lines []string
	head := "if "
	g.push(true) // the if's init scope
	if g.c.chance(1, 4) && !g.feat.Avoid["fuzz_initcell"] {
		v := g.newName(tInt)
		head += v + " := " + g.withAwaits(func() string { return g.intExpr(2) }) + "; "
		g.declare(v, tInt, false).init = true
		head += v + " > " + g.withAwaits(func() string { return g.intExpr(1) }) + " {"
	} else {
		head += g.cond() + " {"
	}
	lines = append(lines, head)
	lines = append(lines, g.block(1+g.c.intn(3), nil)...)
	for g.c.chance(1, 3) {
		lines = append(lines, "} else if "+g.cond()+" {")
		lines = append(lines, g.block(1+g.c.intn(2), nil)...)
	}
	if g.c.chance(1, 2) {
		lines = append(lines, "} else {")
		lines = append(lines, g.block(1+g.c.intn(2), nil)...)
	}
	lines = append(lines, "}")
	g.pop() // the init's local is used in the condition
	return lines
}

// loop wraps a loop's lines with a label if a branch used one.
func (g *gen) loop(isLoop bool, f func(t *target) []string) []string {
	t := &target{isLoop: isLoop}
	if g.c.chance(1, 2) {
		t.label = g.fresh("L")
		if g.feat.Avoid["fuzz_labelhoist"] {
			defer func(old bool) { g.headNoAwait = old }(g.headNoAwait)
			g.headNoAwait = true
		}
	}
	g.targets = append(g.targets, t)
	g.depth++
	defer func(old bool) { g.inLabelled = old }(g.inLabelled)
	g.inLabelled = g.inLabelled || t.label != ""
	lines := f(t)
	g.depth--
	g.targets = g.targets[:len(g.targets)-1]
	if t.used {
		lines = append([]string{t.label + ":"}, lines...)
	}
	return lines
}

func (g *gen) for3() []string {
	return g.loop(true, func(t *target) []string {
		g.push(false)
		defer g.pop()
		i := g.fresh("i")
		// With Features.LoopClause the init and the post may await too;
		// a post still moves i on by at least one.
		from, post := "0", ""
		if g.c.chance(1, 3) {
			from = g.loopCond(g.small) + " - 1"
		}
		if g.c.chance(1, 3) {
			post = g.loopCond(func() string { return g.stringExpr(1) })
		}
		var head string
		switch g.c.intn(3) {
		case 0:
			step := i + "++"
			if post != "" {
				step = fmt.Sprintf("%s += len(%s)%%2 + 1", i, post)
			}
			head = fmt.Sprintf("for %s := %s; %s < %s; %s {", i, from, i, g.loopCond(g.small), step)
		case 1:
			step := i + "--"
			if post != "" {
				step = fmt.Sprintf("%s, acc = %s-1, mix(acc, %s)", i, i, post)
			}
			head = fmt.Sprintf("for %s := %s; %s > 0; %s {", i, g.loopCond(g.small), i, step)
		default:
			head = fmt.Sprintf("for %s := %s; %s < 2*%s; %s += 2 {", i, from, i, g.loopCond(g.small), i)
		}
		g.declare(i, tInt, true)
		lines := []string{head}
		lines = append(lines, g.block(1+g.c.intn(4), nil)...)
		return append(lines, "}")
	})
}

func (g *gen) forCond() []string {
	c := g.fresh("c")
	lines := []string{c + " := 0"}
	bound := g.loopCond(g.small)
	if g.c.chance(1, 3) {
		bound += " && " + g.loopCond(func() string { return g.boolExpr(1) })
	}
	g.declare(c, tInt, true)
	return append(lines, g.loop(true, func(t *target) []string {
		lines := []string{fmt.Sprintf("for %s < %s {", c, bound), c + "++"}
		lines = append(lines, g.block(1+g.c.intn(4), nil)...)
		return append(lines, "}")
	})...)
}

func (g *gen) forEver() []string {
	c := g.fresh("c")
	lines := []string{"var " + c + " int"}
	bound := g.withAwaits(g.small)
	g.declare(c, tInt, true)
	return append(lines, g.loop(true, func(t *target) []string {
		lines := []string{"for {", c + "++", fmt.Sprintf("if %s > %s {", c, bound), "break", "}"}
		lines = append(lines, g.block(1+g.c.intn(4), nil)...)
		return append(lines, "}")
	})...)
}

// leave is a break or continue of an enclosing target, labelled or not.
func (g *gen) leave() []string {
	var cands []string
	innerLoop := -1
	for i := len(g.targets) - 1; i >= 0; i-- {
		if g.targets[i].isLoop {
			innerLoop = i
			break
		}
	}
	if innerLoop < 0 {
		return []string{"break"}
	}
	// Unlabelled: break leaves the innermost target, continue the
	// innermost loop.
	cands = append(cands, "break", "continue")
	for _, t := range g.targets {
		if t.label == "" {
			continue
		}
		cands = append(cands, "break "+t.label)
		if t.isLoop {
			cands = append(cands, "continue "+t.label)
		}
	}
	c := cands[g.c.intn(len(cands))]
	if strings.HasPrefix(c, "break ") || strings.HasPrefix(c, "continue ") {
		label := c[strings.Index(c, " ")+1:]
		for _, t := range g.targets {
			if t.label == label {
				t.used = true
			}
		}
	}
	return []string{c}
}

// branch leaves a loop early under a condition.
func (g *gen) branch() []string {
	lines := []string{"if " + g.cond() + " {"}
	if v := g.all(); v != "acc" {
		lines = append(lines, "acc = "+v)
	}
	lines = append(lines, g.leave()...)
	return append(lines, "}")
}

func (g *gen) earlyReturn() []string {
	lines := []string{"if " + g.cond() + " {"}
	lines = append(lines, g.returnStmt()...)
	return append(lines, "}")
}

func (g *gen) blockStmt() []string {
	lines := []string{"{"}
	lines = append(lines, g.block(1+g.c.intn(3), nil)...)
	return append(lines, "}")
}

// noAwaits runs f with awaits off (unless on is set).
func (g *gen) noAwaits(on bool, f func() []string) []string {
	old := g.noAwait
	g.noAwait = old || !on
	defer func() { g.noAwait = old }()
	return f()
}

// plainLoop is a loop without awaits that changes a local.
func (g *gen) plainLoop() []string {
	v := g.pick(tInt, true)
	if v == nil {
		return g.decl()
	}
	j := g.fresh("j")
	switch g.c.intn(3) {
	case 0:
		return []string{fmt.Sprintf("for %s := 0; %s < %s; %s++ {", j, j, g.small(), j), fmt.Sprintf("%s += %s * %s", v.name, j, g.intExpr(1)), "}"}
	case 1:
		return []string{fmt.Sprintf("for _, %s := range []int{%s, %s} {", j, g.intExpr(1), g.lit()), fmt.Sprintf("%s += %s", v.name, j), "}"}
	default:
		if m := g.pick(tMap, false); m != nil {
			// Map order is random: only an order-free sum.
			return []string{fmt.Sprintf("for _, %s := range %s {", j, m.name), fmt.Sprintf("%s += %s", v.name, j), "}"}
		}
		return []string{fmt.Sprintf("for %s := range %s {", j, g.small()), fmt.Sprintf("%s -= %s", v.name, j), "}"}
	}
}

// closure defines and calls a function literal that captures locals; it is
// dead by the next await.
func (g *gen) closure() []string {
	defer func(old bool) { g.captured = old }(g.captured)
	g.captured = true
	v := g.pick(tInt, true)
	if v == nil {
		return g.decl()
	}
	if g.c.chance(1, 2) {
		// A closure that writes a captured local.
		return []string{"func() {", v.name + " += " + g.intExpr(1), "}()"}
	}
	f := g.fresh("f")
	r := g.newName(tInt)
	body := g.intExpr(2)
	lines := []string{
		f + " := func(a int) int {",
		"return a*2 + " + body,
		"}",
		r + " := " + f + "(" + g.intExpr(1) + ")",
	}
	g.declare(r, tInt, false)
	return lines
}

// switchStmt is an expression switch; its clauses await only with
// Features.Switch.
func (g *gen) switchStmt() []string {
	return g.noAwaits(g.feat.Switch, func() []string {
		return g.loop(false, func(t *target) []string {
			var lines []string
			g.push(true)
			defer g.pop()
			head := "switch "
			tag := g.c.chance(2, 3)
			tagExpr := g.withAwaits(func() string { return g.intExpr(1) })
			if g.c.chance(1, 3) && !g.feat.Avoid["fuzz_initcell"] {
				v := g.newName(tInt)
				head += v + " := " + g.withAwaits(func() string { return g.intExpr(1) }) + "; "
				g.declare(v, tInt, false).init = true
				tag, tagExpr = true, v
			}
			if tag {
				head += tagExpr + " % 4 {"
			} else {
				head += "{"
			}
			lines = append(lines, head)
			start := g.c.intn(4)
			defaulted := false
			n := 1 + g.c.intn(3)
			for i := 0; i < n; i++ {
				// A case expression may await: the cases are evaluated
				// in order until one matches.
				switch {
				case tag:
					c := fmt.Sprintf("case %d", (start+i)%4)
					// Only an expression that awaits: a constant one
					// could repeat a case.
					if e := g.withAwaits(func() string { return g.intExpr(1) }); strings.Contains(e, "durgen.") {
						c += ", " + e + " % 4"
					}
					lines = append(lines, c+":")
				default:
					lines = append(lines, "case "+g.withAwaits(func() string { return g.boolExpr(1) })+":")
				}
				if i < n-1 && g.c.chance(1, 4) {
					// A clause that falls through may not await.
					lines = append(lines, g.noAwaits(false, func() []string { return g.block(1+g.c.intn(2), nil) })...)
					lines = append(lines, "fallthrough")
					continue
				}
				lines = append(lines, g.block(1+g.c.intn(2), nil)...)
				if i == 0 && g.c.chance(1, 4) {
					lines = append(lines, "default:") // default first
					lines = append(lines, g.block(1+g.c.intn(2), nil)...)
					defaulted = true
				}
			}
			if !defaulted && g.c.chance(1, 2) {
				lines = append(lines, "default:")
				lines = append(lines, g.block(1+g.c.intn(2), nil)...)
			}
			return append(lines, "}")
		})
	})
}

// rangeStmt ranges over a slice, map, string or int; its body awaits only
// with Features.Range.
func (g *gen) rangeStmt() []string {
	return g.noAwaits(g.feat.Range, func() []string {
		return g.loop(true, func(t *target) []string {
			g.push(false)
			defer g.pop()
			k, v := g.fresh("k"), g.fresh("v")
			var head string
			kt, vt := tInt, tInt
			switch g.c.intn(4) {
			case 0:
				if s := g.pick(tSlice, false); s != nil && g.c.chance(1, 2) {
					head = fmt.Sprintf("for %s, %s := range %s {", k, v, s.name)
				} else {
					head = fmt.Sprintf("for %s, %s := range %s {", k, v, g.withAwaits(func() string { return g.expr(tSlice) }))
				}
			case 1:
				// Map order is random: fold the keys in order-free
				// ways only (a sum), unless the map has one key.
				head = fmt.Sprintf("for %s, %s := range map[string]int{\"a\": %s} {", k, v, g.withAwaits(func() string { return g.intExpr(1) }))
				kt = tString
			case 2:
				head = fmt.Sprintf("for %s, %s := range %s {", k, v, g.withAwaits(func() string { return g.stringExpr(1) }))
				vt = tRune
			default:
				head = fmt.Sprintf("for %s := range %s {", k, g.withAwaits(g.small))
				v = ""
			}
			g.declare(k, kt, true)
			if v != "" {
				g.declare(v, vt, true)
			}
			lines := []string{head}
			if v != "" {
				lines = append(lines, "acc = mix(acc, "+k+", "+v+")")
			} else {
				lines = append(lines, "acc = mix(acc, "+k+")")
			}
			lines = append(lines, g.block(1+g.c.intn(3), nil)...)
			return append(lines, "}")
		})
	})
}

// cond is an if condition, which may await.
func (g *gen) cond() string {
	if g.inLabelled && g.feat.Avoid["fuzz_labelcond"] {
		return g.boolExpr(2)
	}
	return g.withAwaits(func() string { return g.boolExpr(2) })
}

// loopCond makes a for loop's condition (or part of it), which may await
// with Features.LoopClause.
func (g *gen) loopCond(f func() string) string {
	if !g.feat.LoopClause {
		return f()
	}
	return g.withAwaits(f)
}

// forced is an await of an activity returning t, for use in an expression.
func (g *gen) forced(t typ) string {
	for _, a := range activities {
		if a.out == t {
			return "must(" + g.call(a) + ")"
		}
	}
	panic(t)
}

// exprAwaitStmt is a statement with awaits inside its expressions: operands,
// call arguments, composite literals, conversions.
func (g *gen) exprAwaitStmt() []string {
	old := g.exprAwait
	g.exprAwait = true
	defer func() { g.exprAwait = old }()
	switch g.c.intn(6) {
	case 0:
		name := g.newName(tInt)
		e := "(" + g.intExpr(1) + " + " + g.forced(tInt) + ")"
		g.declare(name, tInt, false)
		return []string{name + " := " + e}
	case 1:
		return []string{"acc = mix(acc, " + g.forced(tInt) + ", " + g.intExpr(1) + ", " + g.forced(tString) + ")"}
	case 2:
		name := g.newName(tSlice)
		e := "[]int{" + g.forced(tInt) + ", " + g.intExpr(1) + ", " + g.forced(tInt) + "}"
		g.declare(name, tSlice, false)
		return []string{name + " := " + e}
	case 3:
		name := g.newName(tPair)
		e := "Pair{B: " + g.forced(tString) + ", A: " + g.forced(tInt) + "}"
		g.declare(name, tPair, false)
		return []string{"var " + name + " = " + e}
	case 4:
		name := g.newName(tString)
		e := "strconv.Itoa(" + g.forced(tInt) + ") + string(rune('a'+" + g.forced(tInt) + "%26))"
		g.declare(name, tString, false)
		return []string{name + " := " + e}
	default:
		lines := []string{"if " + g.boolExpr(1) + " {"}
		return append(lines, "return mix("+g.all()+", "+g.forced(tInt)+"), nil", "}")
	}
}

// swapAssign is a multiple assignment whose right side awaits.
func (g *gen) swapAssign() []string {
	a, b := g.pick(tInt, true), g.pick(tInt, true)
	if a == nil || b == nil || a == b {
		return g.exprAwaitStmt()
	}
	old := g.exprAwait
	g.exprAwait = true
	defer func() { g.exprAwait = old }()
	return []string{a.name + ", " + b.name + " = " + b.name + ", " + a.name + " + " + g.forced(tInt)}
}

// gotoRegion is a block that gotos may leave forward, to the label after
// it.
func (g *gen) gotoRegion() []string {
	t := &target{label: g.fresh("G")}
	g.gotos = append(g.gotos, t)
	lines := []string{"{"}
	lines = append(lines, g.block(1+g.c.intn(4), nil)...)
	lines = append(lines, "}")
	g.gotos = g.gotos[:len(g.gotos)-1]
	if !t.used {
		lines = append([]string{"if " + g.cond() + " {", "goto " + t.label, "}"}, lines...)
	}
	return append(lines, t.label+":", `acc = mix(acc, "`+t.label+`")`)
}

// gotoFwd leaves an enclosing goto region.
func (g *gen) gotoFwd() []string {
	t := g.gotos[g.c.intn(len(g.gotos))]
	t.used = true
	lines := []string{"if " + g.cond() + " {"}
	if v := g.all(); v != "acc" {
		lines = append(lines, "acc = "+v)
	}
	return append(lines, "goto "+t.label, "}")
}

// gotoBack is a loop made of a backward goto.
func (g *gen) gotoBack() []string {
	c, label := g.fresh("g"), g.fresh("B")
	lines := []string{c + " := 0", label + ":", "{"}
	g.declare(c, tInt, true)
	lines = append(lines, g.block(1+g.c.intn(3), nil)...)
	return append(lines, "}", fmt.Sprintf("if %s < %d {", c, 1+g.c.intn(2)), c+"++", "goto "+label, "}")
}

// mapRange ranges over a map of several keys: iteration order is random,
// so the body folds keys and values only into an order-free sum, and sleeps
// (untraced), and may delete or update the current key.
func (g *gen) mapRange() []string {
	sum, m := g.fresh("sum"), g.pick(tMap, true)
	k, v := g.fresh("k"), g.fresh("v")
	var lines []string
	lines = append(lines, sum+" := 0")
	var over string
	if m != nil && g.c.chance(2, 3) {
		over = m.name
	} else {
		over = `map[string]int{"a": 1, "bb": ` + g.intExpr(1) + `, "ccc": 3}`
	}
	g.declare(sum, tInt, true)
	lines = append(lines, "for "+k+", "+v+" := range "+over+" {")
	lines = append(lines, sum+" += len("+k+")*1000 + "+v)
	if g.c.chance(1, 3) {
		lines = append(lines, "if "+v+"%2 == 0 {", "continue", "}")
	}
	if !g.noAwait {
		lines = append(lines, fmt.Sprintf("durgen.Sleep(ctx, %d*time.Minute)", 1+g.c.intn(9)))
		g.awaits++
	}
	if m != nil && over == m.name {
		switch g.c.intn(3) {
		case 0:
			lines = append(lines, "delete("+m.name+", "+k+")")
		case 1:
			lines = append(lines, m.name+"["+k+"] = "+v+" * 2")
		}
	}
	return append(lines, "}")
}

// share makes a local that shares memory with another: a slice of a slice,
// or a second name for a map (Avoid fuzz_sharedmem).
func (g *gen) share() []string {
	if xs := g.pick(tSlice, false); xs != nil && g.c.chance(1, 2) {
		name := g.newName(tSlice)
		g.declare(name, tSlice, false)
		return []string{name + " := " + xs.name + "[:len(" + xs.name + ")/2]"}
	}
	if m := g.pick(tMap, false); m != nil {
		name := g.newName(tMap)
		g.declare(name, tMap, false)
		return []string{name + " := " + m.name}
	}
	return g.decl()
}

// addr changes an int local through its address, in a call that ends
// before the next await.
func (g *gen) addr() []string {
	defer func(old bool) { g.captured = old }(g.captured)
	g.captured = true
	v := g.pick(tInt, true)
	if v == nil {
		return g.decl()
	}
	return []string{"func(p *int) {", "*p += " + g.lit(), "}(&" + v.name + ")"}
}

// multiDecl declares two locals in one statement.
func (g *gen) multiDecl() []string {
	a, b := g.newName(tInt), g.newName(tString)
	if a == b || g.inCurrent(a) || g.inCurrent(b) {
		return g.decl()
	}
	var line string
	switch g.c.intn(3) {
	case 0:
		line = "var " + a + ", " + b + " = " + g.intExpr(1) + ", " + g.stringExpr(1)
	case 1:
		line = a + ", " + b + " := " + g.intExpr(1) + ", " + g.stringExpr(1)
	default:
		if g.feat.Expr {
			// A var group whose values may await.
			lines := g.withAwaits(func() string {
				return "var (\n" + a + " = " + g.intExpr(1) + "\n" + b + " = " + g.stringExpr(1) + "\n)"
			})
			g.declare(a, tInt, false)
			g.declare(b, tString, false)
			return strings.Split(lines, "\n")
		}
		line = "var " + a + " int; var " + b + " string"
	}
	g.declare(a, tInt, false)
	g.declare(b, tString, false)
	return []string{line}
}

// typeSwitch switches on the dynamic type of an int or a string; the
// clause variable has the clause's type.
func (g *gen) typeSwitch() []string {
	return g.noAwaits(g.feat.Switch, func() []string {
		return g.loop(false, func(t *target) []string {
			// The guard may await.
			x := g.withAwaits(func() string {
				if g.c.chance(1, 2) {
					return g.intExpr(1)
				}
				return g.stringExpr(1)
			})
			v := g.newName(tInt)
			lines := []string{"switch " + v + " := any(" + x + ").(type) {"}
			clauses := []struct {
				head string
				t    typ
			}{{"case int:", tInt}, {"case string:", tString}, {"default:", -1}}
			if g.c.chance(1, 2) {
				clauses[0], clauses[2] = clauses[2], clauses[0]
			}
			for _, c := range clauses {
				lines = append(lines, c.head)
				if c.t < 0 {
					lines = append(lines, "acc = mix(acc, "+v+")")
				}
				lines = append(lines, g.block(1+g.c.intn(2), func() {
					if c.t >= 0 {
						g.declare(v, c.t, true)
					} else {
						// An interface cannot live across an await:
						// fold it at once, and hide it.
						g.declare(v, tAny, true).hidden = true
					}
				})...)
			}
			return append(lines, "}")
		})
	})
}

// deferStmt defers a traced call, with arguments evaluated here: a function
// of the workflow's (note) or an activity (Inc). They run when W returns,
// last first, on every return.
func (g *gen) deferStmt() []string {
	if g.c.chance(1, 2) {
		return []string{fmt.Sprintf("defer note(%q, %s)", g.fresh("d"), g.intExpr(1))}
	}
	return []string{"defer durgen.Await(ctx, Inc, " + g.intExpr(1) + ")"}
}

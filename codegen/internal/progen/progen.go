// Package progen generates random workflow programs for the differential
// tests of package codegen: each program is a package with one workflow
//
//	func W(ctx durgen.Context, in int) (string, error)
//
// (or with named results and bare returns), built from the constructs the
// generator splits at, and a few deterministic activities that record their
// calls with testdata/golden/trace. A program is a pure function of its
// seed bytes and Features, type-checks, terminates on every input (every
// loop is bounded, every goto loop counted), and folds every local into its
// result, so that a wrong value in any of them shows in the output.
//
// The constructs: awaits (durgen.Await of six activities over ints,
// strings, bools, slices, maps and a struct) and sleeps in every statement
// form; if/else-if/else chains, with inits; the three for loop forms,
// labelled or not, with break and continue of any enclosing loop; early
// returns, bare returns, returns of an await; if err != nil handling that
// returns, folds and goes on, or leaves the loop; errors.Is against a
// registered sentinel; locals declared with := and var (one or two at a
// time) before, between and inside awaits, shadowing outer ones, of other
// types too; await-free loops and closures, and address-taking calls,
// inside segments; switches (tag, tagless, init, default first,
// fallthrough); range over slices, maps, strings and ints; maps of
// several keys ranged with order-free bodies that delete or update the
// current key. With the Features bits: awaits inside expressions (operands,
// call arguments, composite literals, method calls and index expressions on
// results, multiple assignment), as operands of && and ||, in loop inits,
// conditions and post statements, switch tags, case expressions, range
// expressions and switch clauses; gotos
// (forward out of blocks, and backward loops); defer statements of a
// traced function and of an activity.
//
// Statements come from a table of makers (makers.go); a new construct is one
// more maker, guarded by a Features bit while the generator refuses it.
// Features.Avoid steers around known generator bugs, named by the golden
// case that keeps each.
package progen

import (
	"bytes"
	"fmt"
	"go/format"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// Features turns on the constructs that the generator does not take in
// every version: each one puts awaits where older generators refuse them.
type Features struct {
	// Switch: awaits inside expression switch clauses.
	Switch bool
	// Range: awaits inside range loops over slices, maps, strings and ints.
	Range bool
	// AndOr: awaits as operands of && and ||.
	AndOr bool
	// LoopClause: awaits in a for loop's init, condition or post
	// statement.
	LoopClause bool
	// Goto: goto statements in code that awaits.
	Goto bool
	// Defer: defer statements of a function or an activity.
	Defer bool
	// Share: two locals sharing memory (a slice and a slice of it, two
	// names for a map) live across an await. The generator should refuse
	// them (fuzz_sharedmem); if it takes them, they must behave.
	Share bool
	// Expr: awaits inside expressions (call arguments, binary operands).
	Expr bool
	// Avoid names known generator bugs to steer around, by the golden
	// case that keeps each (testdata/golden/fuzz_*), so that a fuzz run
	// can go on past them until they are fixed.
	Avoid map[string]bool
}

// Program is one generated workflow program.
type Program struct {
	// Package is the package name.
	Package string
	// Source is the gofmt'ed source of the package's one file.
	Source []byte
	// Inputs are the inputs to run W with.
	Inputs []int
}

// Generate makes the program of seed: a program is a pure function of its
// package name, seed and features.
func Generate(pkg string, seed []byte, feat Features) *Program {
	h := fnv.New64a()
	h.Write(seed)
	sum := h.Sum64()
	g := &gen{
		c:      &chooser{data: seed, rnd: rand.New(rand.NewPCG(sum, sum^0x9e3779b97f4a7c15))},
		feat:   feat,
		budget: 10 + int(sum%12),
	}
	g.c.pos = 0
	src := g.program(pkg)
	out, err := format.Source(src)
	if err != nil {
		panic(fmt.Sprintf("progen: generated source does not parse: %v\n%s", err, src))
	}
	inputs := []int{0, 1 + g.c.intn(5), 5 + g.c.intn(20), -3 + g.c.intn(2)}
	return &Program{Package: pkg, Source: out, Inputs: inputs}
}

// Source makes a program of package pkg whose workflow W has the body
// body, with the activities and helpers of every program; its inputs are
// 0 and 1.
func Source(pkg, body string) *Program {
	src := fmt.Sprintf(prelude, pkg, "p") + "func W(ctx durgen.Context, in int) (string, error) {\n" + body + "\n}\n"
	out, err := format.Source([]byte(src))
	if err != nil {
		panic(fmt.Sprintf("progen: source does not parse: %v\n%s", err, src))
	}
	return &Program{Package: pkg, Source: out, Inputs: []int{0, 1}}
}

// chooser makes the choices: from the seed bytes while they last, then from
// a generator seeded with their hash, so that a mutation of a byte changes
// one choice and the programs of short seeds are still rich.
type chooser struct {
	data []byte
	pos  int
	rnd  *rand.Rand
}

func (c *chooser) intn(n int) int {
	if n <= 1 {
		return 0
	}
	if c.pos < len(c.data) {
		b := c.data[c.pos]
		c.pos++
		return int(b) % n
	}
	return c.rnd.IntN(n)
}

// chance reports true with probability num/den.
func (c *chooser) chance(num, den int) bool { return c.intn(den) < num }

// typ is the type of a local.
type typ int

const (
	tInt typ = iota
	tString
	tBool
	tSlice // []int
	tMap   // map[string]int
	tPair  // Pair
	tPtr   // *Pair, never shared
	tErr   // error
	tRune  // rune: a range variable, only printed
	tAny   // any: a type switch's default variable, only printed
	nTypes
)

func (t typ) String() string {
	return [...]string{"int", "string", "bool", "[]int", "map[string]int", "Pair", "*Pair", "error", "rune", "any"}[t]
}

// variable is a local in scope.
type variable struct {
	name string
	typ  typ
	// fixed marks loop counters and the accumulator: no maker assigns
	// them.
	fixed bool
	// init marks a local declared in an if's or switch's init.
	init bool
	// hidden marks a local that is neither read nor folded: it only
	// takes its name in its scope.
	hidden bool
}

type scope struct {
	vars []*variable
	// mix: fold the scope's locals into acc when it closes.
	mix bool
}

// target is a statement that break (and, for loops, continue) may leave.
type target struct {
	label  string // "" if the statement has no label (yet)
	isLoop bool
	used   bool // the label is used
}

type gen struct {
	c      *chooser
	feat   Features
	budget int // statements left to make
	depth  int // nesting of compound statements
	scopes []*scope
	// targets are the enclosing breakable statements, innermost last; a
	// closure body starts a new list.
	targets []*target
	// noAwait is set inside code that may not await (closures, and
	// constructs the generator does not split yet).
	noAwait bool
	// exprAwait allows awaits inside the expressions being made (where
	// Go code may await: not in a for loop's init or post, a case
	// expression, the left of an assignment or a closure).
	exprAwait bool
	// headNoAwait keeps awaits out of the header of a labelled loop or
	// switch (Avoid fuzz_labelhoist).
	headNoAwait bool
	// captured is set while making a closure or taking an address: with
	// Avoid fuzz_initcell, locals of if and switch inits are left out.
	captured bool
	// inLabelled is set inside the body of a labelled loop or switch.
	inLabelled bool
	// gotos are the labels of enclosing goto regions: a goto to one
	// leaves its region forward.
	gotos []*target
	named bool // W has named results (res string, err error)
	// declared holds every name declared so far (Avoid fuzz_blockshadow
	// gives each local a name of its own).
	declared map[string]bool
	awaits   int
	next     int // counter for fresh names and labels
}

func (g *gen) fresh(prefix string) string {
	g.next++
	return fmt.Sprintf("%s%d", prefix, g.next)
}

func (g *gen) push(mix bool) *scope {
	s := &scope{mix: mix}
	g.scopes = append(g.scopes, s)
	return s
}

func (g *gen) pop() { g.scopes = g.scopes[:len(g.scopes)-1] }

func (g *gen) declare(name string, t typ, fixed bool) *variable {
	if g.declared == nil {
		g.declared = map[string]bool{}
	}
	g.declared[name] = true
	v := &variable{name: name, typ: t, fixed: fixed}
	s := g.scopes[len(g.scopes)-1]
	s.vars = append(s.vars, v)
	return v
}

// lookup finds the innermost local called name.
func (g *gen) lookup(name string) *variable {
	for i := len(g.scopes) - 1; i >= 0; i-- {
		for j := len(g.scopes[i].vars) - 1; j >= 0; j-- {
			if v := g.scopes[i].vars[j]; v.name == name {
				return v
			}
		}
	}
	return nil
}

// inCurrent reports whether name is declared in the innermost scope.
func (g *gen) inCurrent(name string) bool {
	for _, v := range g.scopes[len(g.scopes)-1].vars {
		if v.name == name {
			return true
		}
	}
	return false
}

// visible returns the locals in scope that are not shadowed, outermost
// first, optionally only those of type t (t < 0: any).
func (g *gen) visible(t typ) []*variable {
	var out []*variable
	for i := range g.scopes {
		for _, v := range g.scopes[i].vars {
			if g.lookup(v.name) != v || v.hidden {
				continue
			}
			if t >= 0 && v.typ != t {
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

// pick returns a random visible local of type t, or nil; with mutable it
// leaves out the fixed ones.
func (g *gen) pick(t typ, mutable bool) *variable {
	var vs []*variable
	for _, v := range g.visible(t) {
		if mutable && v.fixed || g.captured && v.init && g.feat.Avoid["fuzz_initcell"] {
			continue
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil
	}
	return vs[g.c.intn(len(vs))]
}

// names are the names of locals: few, so that shadowing is common.
var names = [nTypes][]string{
	tInt:    {"n", "x", "y", "k", "in"},
	tString: {"s", "t", "x", "name"},
	tBool:   {"ok", "b", "x"},
	tSlice:  {"xs", "ys", "x"},
	tMap:    {"m", "x"},
	tPair:   {"p", "q", "x"},
	tPtr:    {"pp", "x"},
	tErr:    {"err"},
	tRune:   {"r"},
	tAny:    {"a"},
}

// newName returns a name for a new local of type t in the current scope.
func (g *gen) newName(t typ) string {
	pool := names[t]
	name := pool[g.c.intn(len(pool))]
	if name == "in" && len(g.scopes) <= 2 {
		name = "n"
	}
	if g.inCurrent(name) || name == "err" && t != tErr || g.named && name == "res" ||
		g.feat.Avoid["fuzz_blockshadow"] && g.declared[name] && name != "err" {
		return g.fresh(pool[0])
	}
	return name
}

// swapFail is what Swap returns with its error: the input, unless Avoid
// fuzz_valueerr.
func (g *gen) swapFail() string {
	if g.feat.Avoid["fuzz_valueerr"] {
		return "Pair{}"
	}
	return "p"
}

// program returns the unformatted source of the package.
func (g *gen) program(pkg string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, prelude, pkg, g.swapFail())
	g.named = g.c.chance(1, 5)
	if g.named {
		b.WriteString("func W(ctx durgen.Context, in int) (res string, err error) {\n")
	} else {
		b.WriteString("func W(ctx durgen.Context, in int) (string, error) {\n")
	}
	g.push(false)
	g.declare("in", tInt, false)
	if g.named {
		g.declare("res", tString, true)
		g.declare("err", tErr, false)
	}
	g.declare("acc", tString, true)
	lines := []string{`acc := "W"`}
	lines = append(lines, g.stmts(4+g.c.intn(6))...)
	if g.awaits == 0 {
		lines = append(lines, g.sleep()...)
	}
	lines = append(lines, g.finalReturn()...)
	g.pop()
	b.WriteString(strings.Join(lines, "\n"))
	b.WriteString("\n}\n")
	return b.Bytes()
}

// stmts makes up to n statements in the current scope.
func (g *gen) stmts(n int) []string {
	var out []string
	for i := 0; i < n && g.budget > 0; i++ {
		g.budget--
		out = append(out, g.stmt()...)
	}
	return out
}

// block makes a braced block body in a new scope: its statements and the
// fold of its locals into acc.
func (g *gen) block(n int, pre func()) []string {
	defer func(old bool) { g.headNoAwait = old }(g.headNoAwait)
	g.headNoAwait = false
	g.push(true)
	if pre != nil {
		pre()
	}
	g.depth++
	out := g.stmts(n)
	g.depth--
	out = append(out, g.mixScope()...)
	g.pop()
	return out
}

// mixScope folds the locals of the innermost scope into acc.
func (g *gen) mixScope() []string {
	s := g.scopes[len(g.scopes)-1]
	var names []string
	for _, v := range s.vars {
		if v.name == "acc" || v.hidden {
			continue
		}
		names = append(names, v.name)
	}
	if len(names) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("acc = mix(acc, %s)", strings.Join(names, ", "))}
}

// all is the expression of the result: acc and every visible local.
func (g *gen) all() string {
	var names []string
	for _, v := range g.visible(-1) {
		if v.name == "acc" || v.name == "res" {
			continue
		}
		names = append(names, v.name)
	}
	if len(names) == 0 {
		return "acc"
	}
	return fmt.Sprintf("mix(acc, %s)", strings.Join(names, ", "))
}

// finalReturn ends W.
func (g *gen) finalReturn() []string {
	if g.named {
		switch g.c.intn(3) {
		case 0:
			return []string{"res = " + g.all(), "return"}
		case 1:
			return []string{"return " + g.all() + ", err"}
		}
	}
	if e := g.pick(tErr, false); e != nil && g.c.chance(1, 3) {
		return []string{"return " + g.all() + ", " + e.name}
	}
	return []string{"return " + g.all() + ", nil"}
}

// canBareReturn reports whether a bare return returns W's named results:
// neither is shadowed.
func (g *gen) canBareReturn() bool {
	if !g.named {
		return false
	}
	for _, n := range []string{"res", "err"} {
		if v := g.lookup(n); v == nil || v != g.scopes[0].vars[indexOf(g.scopes[0].vars, n)] {
			return false
		}
	}
	return true
}

func indexOf(vs []*variable, name string) int {
	for i, v := range vs {
		if v.name == name {
			return i
		}
	}
	return 0
}

// returnStmt returns from W with every visible local in the result, or
// with an error that wraps err.
func (g *gen) returnStmt() []string {
	if g.canBareReturn() && g.c.chance(1, 2) {
		return []string{"res = " + g.all(), "return"}
	}
	if !g.noAwait && g.c.chance(1, 5) {
		g.awaits++
		return []string{"acc = " + g.all(), fmt.Sprintf("return durgen.Await(ctx, Name, len(acc)+%s)", g.intExpr(1))}
	}
	return []string{"return " + g.all() + ", nil"}
}

const prelude = `// Code made by progen: a random workflow program.

package %s

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

var _ = time.Second
var _ = strings.Repeat
var _ = strconv.Itoa
var _ = errors.New

// ErrOdd is the error Inc wraps.
var ErrOdd = errors.New("odd")

func init() { durgen.RegisterError(ErrOdd) }

// Pair is an activity input and output.
type Pair struct {
	A int
	B string
}

// Sum is a method.
func (p Pair) Sum() int { return p.A + len(p.B) }

// Inc is an activity: n+1, or an error for n%%9 == 4.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	if n%%9 == 4 {
		return 0, fmt.Errorf("inc %%d: %%w", n, ErrOdd)
	}
	return n + 1, nil
}

// Name is an activity: a name for n, or an error for n%%13 == 7.
func Name(ctx context.Context, n int) (string, error) {
	trace.Record(ctx, "Name", n)
	if n%%13 == 7 {
		return "", errors.New("no name for " + strconv.Itoa(n))
	}
	return "n" + strconv.Itoa(n), nil
}

// Even is an activity: whether s has an even length.
func Even(ctx context.Context, s string) (bool, error) {
	trace.Record(ctx, "Even", s)
	return len(s)%%2 == 0, nil
}

// Split is an activity: up to three numbers from n.
func Split(ctx context.Context, n int) ([]int, error) {
	trace.Record(ctx, "Split", n)
	k := n %% 4
	if k < 0 {
		k = -k
	}
	out := make([]int, k)
	for i := range out {
		out[i] = n + i
	}
	return out, nil
}

// Swap is an activity on a struct.
func Swap(ctx context.Context, p Pair) (Pair, error) {
	trace.Record(ctx, "Swap", p)
	if p.A%%11 == 10 {
		return %s, errors.New("swap")
	}
	return Pair{A: len(p.B) + p.A*2, B: clip(p.B + strconv.Itoa(p.A))}, nil
}

// Keys is an activity: a map from n.
func Keys(ctx context.Context, n int) (map[string]int, error) {
	trace.Record(ctx, "Keys", n)
	m := map[string]int{}
	for i := 0; i < n%%3+1; i++ {
		m["k"+strconv.Itoa(i)] = n * i
	}
	return m, nil
}

// note records a call made by the workflow's own code (a deferred one).
func note(s string, n int) {
	trace.Record(context.Background(), "note", s+strconv.Itoa(n))
}

// mix folds values into an accumulator.
func mix(acc string, vs ...any) string {
	return clip(acc + fmt.Sprint(vs...) + ";")
}

// must returns v: the result of an await used inside an expression.
func must[T any](v T, err error) T {
	if err != nil {
		var zero T
		return zero
	}
	return v
}

// clip keeps strings short, cutting between runes.
func clip(s string) string {
	if len(s) > 400 {
		s = s[len(s)-400:]
		for len(s) > 0 && !utf8.RuneStart(s[0]) {
			s = s[1:]
		}
	}
	return s
}

// W is the workflow.
//
//durgen:workflow
`

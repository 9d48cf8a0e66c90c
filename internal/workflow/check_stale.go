package workflow

// This file defines the stale check, which warns about values that are
// faithfully persisted but lose their meaning across a suspension:
//
//   - a time.Now reading taken before an await and used after it in duration
//     arithmetic (time.Since, time.Until, Sub, Before, After, Equal,
//     Compare). The monotonic reading is dropped when the frame is stored,
//     the resume may run on another machine with another clock, and in direct
//     mode sleeps take no time, so the result differs between the modes.
//     durgen.Now(ctx) is recorded with each step and is the same in both.
//   - a random or time-based value (math/rand, crypto/rand, uuid, a string
//     or number made from time.Now) or a value named like a credential
//     (token, nonce, otp, jwt, session, credential, signed or
//     presigned URL) that is created before a long suspension (durgen.Sleep,
//     SleepUntil, Receive, ReceiveWithin) and passed to an activity or child
//     workflow after it. A token issued before a ten-day sleep has usually
//     expired when the workflow resumes.
//
// A use is after an await when it follows the await in the source, or when
// both are in the body of one loop (the next iteration runs the use after
// the await).

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"
)

// perishableWords are words of variable and type names that suggest a value
// that expires (with "signed url").
var perishableWords = map[string]bool{
	"token": true, "tokens": true, "nonce": true, "otp": true, "jwt": true, "session": true,
	"credential": true, "credentials": true, "presigned": true,
}

// randomPkgs are packages whose functions return random values.
var randomPkgs = map[string]bool{
	"math/rand": true, "math/rand/v2": true, "crypto/rand": true, "github.com/google/uuid": true, "github.com/gofrs/uuid": true,
}

// longWaits are the awaits that may suspend a workflow for a long time.
var longWaits = map[string]bool{"Sleep": true, "SleepUntil": true, "Receive": true, "ReceiveWithin": true}

type staleKind int

const (
	monotonic staleKind = iota + 1
	random
	timeBased
	named
)

func (k staleKind) what() string {
	switch k {
	case random:
		return "a random value"
	case timeBased:
		return "a value made from the clock"
	}
	return "a value that may expire"
}

func (c *checker) checkStale(fn *Func, lv *Liveness) {
	local := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := c.info.ObjectOf(id).(*types.Var)
		if v == nil || v.IsField() || v.Pos() < fn.Decl.Body.Lbrace || v.Pos() >= fn.Decl.End() {
			return nil
		}
		return v
	}
	kinds := map[*types.Var]staleKind{}
	classify := func(v *types.Var, rhs ast.Expr) {
		if v == nil || kinds[v] != 0 {
			return
		}
		if rhs != nil {
			if isTime(v.Type()) {
				if c.rootedAtTimeNow(rhs) {
					kinds[v] = monotonic
				}
				return
			}
			if c.callsInto(rhs, func(f *types.Func) bool { return randomPkgs[f.Pkg().Path()] }) {
				kinds[v] = random
				return
			}
			if c.callsInto(rhs, func(f *types.Func) bool { return f.Pkg().Path() == "time" && f.Name() == "Now" }) {
				kinds[v] = timeBased
				return
			}
		}
		if isPerishableName(v.Name()) || isPerishableName(c.typeString(v.Type())) {
			kinds[v] = named
		}
	}
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				var r ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					r = n.Rhs[i]
				} else if len(n.Rhs) == 1 {
					r = n.Rhs[0]
				}
				classify(local(l), r)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var r ast.Expr
				if len(n.Names) == len(n.Values) {
					r = n.Values[i]
				} else if len(n.Values) == 1 {
					r = n.Values[0]
				}
				classify(local(id), r)
			}
		case *ast.CallExpr: // rand.Read(buf) fills buf with random bytes
			if f := calleeFunc(c.info, n); f != nil && f.Pkg() != nil && randomPkgs[f.Pkg().Path()] && f.Name() == "Read" && len(n.Args) == 1 {
				if v := local(n.Args[0]); v != nil {
					kinds[v] = random
				}
			}
		}
		return true
	})
	if len(kinds) == 0 {
		return
	}
	// Loops, so that a use before an await in a loop's body counts as a use
	// after it: the next iteration runs it after the await.
	var loops []ast.Node
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n)
		}
		return true
	})
	sameLoop := func(call *ast.CallExpr, pos token.Pos) bool {
		for _, l := range loops {
			if l.Pos() <= call.Pos() && call.End() <= l.End() && l.Pos() <= pos && pos < l.End() {
				return true
			}
		}
		return false
	}
	// firstAcross returns the first await that v crosses and that runs
	// before pos (ends before it, or shares a loop with it), restricted to
	// long waits if long.
	firstAcross := func(v *types.Var, pos token.Pos, long bool) *Await {
		for _, a := range fn.Awaits {
			if (a.Call.End() > pos && !sameLoop(a.Call, pos)) || (long && !(a.Kind == Suspend && longWaits[a.Name])) {
				continue
			}
			for _, w := range lv.Across[a.Call] {
				if w == v {
					return a
				}
			}
		}
		return nil
	}
	reported := map[token.Pos]bool{}
	warn := func(pos token.Pos, format string, args ...any) {
		if !reported[pos] {
			reported[pos] = true
			c.report(pos, CheckStale, Warning, format, args...)
		}
	}
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		f := calleeFunc(c.info, call)
		if f == nil || f.Pkg() == nil {
			return true
		}
		// Duration arithmetic on a time.Now reading.
		if f.Pkg().Path() == "time" && isDurationArith(f) {
			operands := append([]ast.Expr{}, call.Args...)
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && f.Type().(*types.Signature).Recv() != nil {
				operands = append(operands, sel.X)
			}
			for _, e := range operands {
				ast.Inspect(e, func(m ast.Node) bool {
					id, ok := m.(*ast.Ident)
					if !ok {
						return true
					}
					v := local(id)
					if v == nil || kinds[v] != monotonic {
						return true
					}
					if a := firstAcross(v, id.Pos(), false); a != nil {
						warn(id.Pos(), "%s holds a time.Now reading from before %s (line %d) and is used in duration arithmetic after it; the reading is stale after a resume (its monotonic clock is dropped, the resume may run on another machine, and direct mode does not wait); take times with durgen.Now(ctx), which is recorded with each step",
							v.Name(), AwaitName(a), c.line(a.Call.Pos()))
					}
					return true
				})
			}
			return true
		}
		// A perishable value passed to an activity or child after a long wait.
		var args []ast.Expr
		target := ""
		if f.Pkg().Path() == DurgenPath && awaitTypes[f.Name()] != nil && len(awaitTypes[f.Name()]) == 2 && len(call.Args) > 2 {
			args, target = call.Args[2:], "activity "+exprName(call.Args[1])
			if f.Name() == "Spawn" {
				target = "workflow " + exprName(call.Args[1])
			}
		} else if a := AwaitOf(c.info, call, c.marked); a != nil && a.Kind == Child && len(call.Args) > 1 {
			args, target = call.Args[1:], "workflow "+a.Name
		}
		for _, e := range args {
			ast.Inspect(e, func(m ast.Node) bool {
				id, ok := m.(*ast.Ident)
				if !ok {
					return true
				}
				v := local(id)
				if v == nil || kinds[v] == 0 || kinds[v] == monotonic {
					return true
				}
				if a := firstAcross(v, id.Pos(), true); a != nil {
					warn(id.Pos(), "%s is %s, created before %s (line %d) and passed to %s after it; a token, nonce or signed URL made before a long suspension has often expired when the workflow resumes; create it after the wait, or inside the activity that uses it",
						v.Name(), kinds[v].what(), AwaitName(a), c.line(a.Call.Pos()), target)
				}
				return true
			})
		}
		return true
	})
}

// isDurationArith reports whether f, of package time, compares or subtracts
// times.
func isDurationArith(f *types.Func) bool {
	switch f.Name() {
	case "Since", "Until":
		return f.Type().(*types.Signature).Recv() == nil
	case "Sub", "Before", "After", "Equal", "Compare":
		return f.Type().(*types.Signature).Recv() != nil
	}
	return false
}

// rootedAtTimeNow reports whether e is time.Now() or a method chain on it
// (time.Now().Add(d)).
func (c *checker) rootedAtTimeNow(e ast.Expr) bool {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		if c.isTimeNow(call) {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		e = sel.X
	}
}

// callsInto reports whether e calls a function for which pred holds
// (outside function literals).
func (c *checker) callsInto(e ast.Expr, pred func(*types.Func) bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if f := calleeFunc(c.info, n); f != nil && f.Pkg() != nil && pred(f) {
				found = true
			}
		}
		return true
	})
	return found
}

func isTime(t types.Type) bool { return isNamed(t, "time", "Time") }

func isPerishableName(name string) bool {
	words := splitWords(name)
	for i, w := range words {
		if perishableWords[w] || (w == "signed" && i+1 < len(words) && words[i+1] == "url") {
			return true
		}
	}
	return false
}

// splitWords splits an identifier or type name into lowercase words at
// case changes and non-letters: "accessToken" → access token, "*oauth2.Token"
// → oauth token, "OTPCode" → otp code.
func splitWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r):
			flush(i)
		case start < 0:
			start = i
		case unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

package workflow

// This file defines Check, the one entry point to the rules of what may
// appear in a workflow. The analyzer (package analyzer), durgen vet (package
// internal/vet) and the generator all call it, so they report the same
// diagnostics, with the same text, at the same positions.
//
// Input: the syntax and type information of one type-checked package, as
// go/packages or an analysis.Pass provides them. Output: diagnostics sorted
// by position, with //durgen:ignore suppressions applied. Check does not
// modify its input and does not print.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"runtime/debug"
	"sort"
)

// Severity says whether a diagnostic refuses the code.
type Severity int

// The severities.
const (
	// Error marks code that cannot be made durable: the generator refuses it.
	Error Severity = iota + 1
	// Warning marks code that is durable but likely wrong after a resume.
	Warning
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// The check names: a diagnostic's Check, its analysis category and the word
// a //durgen:ignore comment names.
const (
	// CheckPersist: a value live across an await whose type cannot be
	// persisted faithfully, or an activity input or output that cannot.
	CheckPersist = "persist"
	// CheckAlias: the address of a local kept live across an await together
	// with the local, so a resume would break the aliasing.
	CheckAlias = "alias"
	// CheckAwait: an await where it cannot be resumed.
	CheckAwait = "await"
	// CheckEffect: a side effect in workflow code, which re-runs after a
	// crash.
	CheckEffect = "effect"
	// CheckStale: a value that goes stale across a suspension (a warning).
	CheckStale = "stale"
	// CheckSignature: a workflow signature durgen cannot run.
	CheckSignature = "signature"
	// CheckEngine: a call into the engine or the store from a workflow.
	CheckEngine = "engine"
	// CheckIgnore: a malformed //durgen:ignore comment.
	CheckIgnore = "ignore"
	// CheckInternal: a failure of the checker itself.
	CheckInternal = "internal"
)

// Checks lists the checks a //durgen:ignore comment may name.
var Checks = []string{CheckPersist, CheckAlias, CheckAwait, CheckEffect, CheckStale, CheckSignature, CheckEngine, CheckSplit}

// Diagnostic is one finding of Check.
type Diagnostic struct {
	Pos token.Pos
	// Check is the check's name (CheckPersist, ...), also the analysis
	// category.
	Check string
	// Message is lowercase, without a final period; it names the construct,
	// the rule and the way out.
	Message  string
	Severity Severity
}

// Format returns the diagnostic as "file:line:col: message".
func (d Diagnostic) Format(fset *token.FileSet) string {
	return fmt.Sprintf("%s: %s", fset.Position(d.Pos), d.Message)
}

// HasErrors reports whether diags holds a diagnostic of severity Error: code
// the generator must refuse.
func HasErrors(diags []Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Check runs every check on the workflows of a type-checked package and
// returns the diagnostics, sorted by position, with //durgen:ignore
// suppressions applied. Generated files (those with a "Code generated ...
// DO NOT EDIT." header) are skipped. info must hold Types, Defs, Uses,
// Implicits and Selections.
func Check(fset *token.FileSet, files []*ast.File, pkg *types.Package, info *types.Info) (diags []Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			var pos token.Pos
			if len(files) > 0 {
				pos = files[0].Package
			}
			diags = []Diagnostic{{
				Pos:      pos,
				Check:    CheckInternal,
				Message:  fmt.Sprintf("durgen: internal error in the workflow checks: %v; please report it with this stack: %s", r, debug.Stack()),
				Severity: Error,
			}}
		}
	}()
	var src []*ast.File
	for _, f := range files {
		if !ast.IsGenerated(f) {
			src = append(src, f)
		}
	}
	c := &checker{fset: fset, files: src, pkg: pkg, info: info, marks: NewMarks(fset, src)}
	c.fns = Find(src, info)
	c.marked = map[*types.Func]bool{}
	for _, fn := range c.fns {
		c.marked[fn.Obj] = true
	}
	for _, fn := range c.fns {
		c.checkSignature(fn)
		if fn.Decl.Body == nil {
			continue
		}
		lv := Live(fn, info)
		c.checkPersist(fn, lv)
		c.checkActivityTypes(fn)
		c.checkLocks(fn)
		c.checkAlias(fn, lv)
		c.checkShare(fn, lv)
		c.checkAwaits(fn)
		c.checkEffects(fn)
		c.checkStale(fn, lv)
		c.checkEngine(fn)
		c.checkSplit(fn)
	}
	c.checkHelpers()
	c.checkRegistrations()
	return c.finish()
}

// checker holds the state of one run of Check.
type checker struct {
	fset   *token.FileSet
	files  []*ast.File
	pkg    *types.Package
	info   *types.Info
	fns    []*Func
	marked map[*types.Func]bool
	diags  []Diagnostic
	// marks tells the interfaces marked //durgen:persist.
	marks *Marks

	// For the effect check: the package's function declarations and the
	// effects they reach (see helperEffect).
	decls   map[*types.Func]*ast.FuncDecl
	effects map[*types.Func]*helperEffect
}

func (c *checker) report(pos token.Pos, check string, sev Severity, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{Pos: pos, Check: check, Message: fmt.Sprintf(format, args...), Severity: sev})
}

func (c *checker) errorf(pos token.Pos, check, format string, args ...any) {
	c.report(pos, check, Error, format, args...)
}

func (c *checker) line(pos token.Pos) int { return c.fset.Position(pos).Line }

// finish applies suppressions, sorts and removes duplicates.
func (c *checker) finish() []Diagnostic {
	diags := c.suppress(c.diags)
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i], diags[j]
		if a.Pos != b.Pos {
			return a.Pos < b.Pos
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Message < b.Message
	})
	out := diags[:0]
	for i, d := range diags {
		if i > 0 && d == diags[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// AwaitName names an await point in a diagnostic: durgen.Sleep,
// Future.Get, or the called workflow.
func AwaitName(a *Await) string {
	switch a.Kind {
	case Suspend:
		return "durgen." + a.Name
	case Get:
		return "Future.Get"
	}
	return "workflow " + a.Name
}

// funcName names a called function in a diagnostic: pkg.Func or
// pkg.Type.Method (with the package's name, not its path).
func funcName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	prefix := ""
	if fn.Pkg() != nil {
		prefix = fn.Pkg().Name() + "."
	}
	if sig != nil && sig.Recv() != nil {
		t := derefType(sig.Recv().Type())
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return prefix + n.Obj().Name() + "." + fn.Name()
		}
		return prefix + fn.Name()
	}
	return prefix + fn.Name()
}

// typeString prints t qualified by package name, as in source.
func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == c.pkg {
			return ""
		}
		return p.Name()
	})
}

// isActivitySig reports whether sig is an activity's:
// func(context.Context, I) (O, error). A function literal of that type in a
// workflow is an activity: its body runs in the worker, not as workflow code.
func isActivitySig(sig *types.Signature) bool {
	p, r := sig.Params(), sig.Results()
	if p.Len() != 2 || r.Len() != 2 || !isNamed(p.At(0).Type(), "context", "Context") {
		return false
	}
	return isError(r.At(1).Type())
}

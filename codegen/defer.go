package codegen

// This file compiles a workflow's defer statements. A deferred call cannot
// be a Go defer in Step: Step returns at every await, and the call must wait
// for the workflow's return, which may come on another worker after a
// restart. So a defer statement records its call in the frame, as data (see
// machine.Defers): the defer statement's number (its site) and its
// arguments, evaluated there as Go evaluates them; for a deferred
// durgen.Await, the activity command itself. Every return of the workflow
// records its command and jumps to one more case, the epilogue, which takes
// the calls back last first: a function is called with its arguments
// decoded into locals of the types they were recorded with; an activity is
// the command Step returns, with the epilogue as the label to resume at,
// where the next call is taken. When none is left, the recorded return is
// the command.
//
// So a deferred call runs once per defer statement executed, in LIFO order,
// on every return (a value or an error), with the values its arguments had
// at the defer statement, and a crash between two deferred activities
// resumes with the ones not yet run. A panic fails the instance and makes
// no deferred call (see machine.Defers).

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/durgen/durgen/internal/workflow"
)

// defersField returns how the code refers to the frame's deferred calls.
func (g *gen) defersField() string {
	return g.hidden("DurgenDefers", g.machine+".Defers", fmt.Sprintf("the calls deferred so far, made last first when %s returns", g.fn.Obj.Name()))
}

// startEpilogue makes the epilogue case of a workflow that defers, which
// every return jumps to; lowerEpilogue fills it once the body is lowered.
func (g *gen) startEpilogue() {
	g.epilogue = nil
	if len(g.fn.Defers) == 0 {
		return
	}
	g.defersField()
	g.epilogue = g.newCase(g.fn.Decl.Body.Rbrace, fmt.Sprintf("%s returns: the calls it deferred run, last first.", g.fn.Obj.Name()))
}

// returnStmt prints a return of the workflow with command cmd: the return
// itself, or, in a workflow that defers, the command recorded and a jump to
// the epilogue.
func (g *gen) returnStmt(cmd string) string {
	if g.epilogue == nil {
		return "return " + cmd
	}
	g.epilogue.entered = true
	return fmt.Sprintf("%s.Return(%s)\n%s.PC = %s\n%s", g.defersField(), cmd, g.recv, g.labelRef(g.epilogue), g.continueStmt())
}

// deferSite numbers a defer statement of the workflow from 1, in source
// order.
func (g *gen) deferSite(d *ast.DeferStmt) int {
	for i, x := range g.fn.Defers {
		if x == d {
			return i + 1
		}
	}
	panic("deferSite: a defer statement not in the workflow's list")
}

// deferStmt prints what a defer statement runs: its call recorded in the
// frame.
func (g *gen) deferStmt(d *ast.DeferStmt) string {
	site := g.deferSite(d)
	call := d.Call
	if g.isDeferredAwait(call) {
		return fmt.Sprintf("%s.Call(%d, %s)", g.defersField(), site, g.activityCommand(call))
	}
	args := []string{fmt.Sprint(site)}
	for _, a := range call.Args {
		tv := g.info.Types[a]
		t := types.Default(tv.Type)
		arg := g.machine + ".Arg"
		if needsTypeArg(tv, t) {
			arg += "[" + g.typeString(t) + "]"
		}
		args = append(args, arg+"("+g.expr(a)+")")
	}
	return fmt.Sprintf("%s.Push(%s)", g.defersField(), strings.Join(args, ", "))
}

// isDeferredAwait reports whether a deferred call is a durgen.Await (the
// split check refuses every other deferred await).
func (g *gen) isDeferredAwait(call *ast.CallExpr) bool {
	a := workflow.AwaitOf(g.info, call, nil)
	return a != nil && a.Kind == workflow.Suspend && a.Name == "Await"
}

// activityCommand prints the machine.Call command of a durgen.Await call.
func (g *gen) activityCommand(call *ast.CallExpr) string {
	name := g.activityName(call.Args[1])
	g.activities.add(name, g.expr(call.Args[1]))
	args := []string{g.expr(call.Args[0]), fmt.Sprintf("%q", name)}
	for _, a := range call.Args[1:] {
		args = append(args, g.expr(a))
	}
	if call.Ellipsis.IsValid() {
		args[len(args)-1] += "..."
	}
	return g.machine + ".Call(" + strings.Join(args, ", ") + ")"
}

// lowerEpilogue fills the epilogue case.
func (g *gen) lowerEpilogue() {
	if g.epilogue == nil || !g.epilogue.entered {
		return
	}
	avoid := g.epilogueNames()
	defers := g.defersField()
	d := pickName(avoid, "d", "deferred")
	ok := pickName(avoid, "ok", "more")
	next := fmt.Sprintf("%s, %s := %s.Next()\nif !%s {\nreturn %s.Done()\n}\n", d, ok, defers, ok, defers)
	allActivities := true
	for _, x := range g.fn.Defers {
		allActivities = allActivities && g.isDeferredAwait(x.Call)
	}
	if allActivities {
		// Each call is a step of its own: the epilogue resumes here
		// for the next.
		g.epilogue.body.add(&text{src: next + "return " + d + ".Call()", ends: true})
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "for {\n%sswitch %s.Site {\n", next, d)
	for i, x := range g.fn.Defers {
		fmt.Fprintf(&b, "case %d: // %s at %s\n", i+1, g.source(x.Call), g.posString(x.Pos()))
		if g.isDeferredAwait(x.Call) {
			fmt.Fprintf(&b, "return %s.Call()\n", d)
			continue
		}
		b.WriteString(g.deferredCall(x.Call, d, avoid))
	}
	b.WriteString("}\n}")
	g.epilogue.body.add(&text{src: b.String(), ends: true})
}

// deferredCall prints the call of a deferred function in the epilogue: its
// arguments decoded from the record d into locals, then the call.
func (g *gen) deferredCall(call *ast.CallExpr, d string, avoid map[string]bool) string {
	fn := g.info.Uses[calleeIdent(call)].(*types.Func)
	params := fn.Type().(*types.Signature).Params()
	taken := map[string]bool{}
	var decls, ptrs, names []string
	for i, a := range call.Args {
		base := fmt.Sprintf("arg%d", i+1)
		if i < params.Len() && !(fn.Type().(*types.Signature).Variadic() && i >= params.Len()-1) {
			if p := params.At(i).Name(); p != "" && p != "_" {
				base = p
			}
		}
		name := base
		for n := 2; avoid[name] || taken[name] || token.IsKeyword(name); n++ {
			name = fmt.Sprintf("%s%d", base, n)
		}
		taken[name] = true
		decls = append(decls, "var "+name+" "+g.typeString(types.Default(g.info.TypeOf(a))))
		ptrs = append(ptrs, "&"+name)
		names = append(names, name)
	}
	var b strings.Builder
	for _, s := range decls {
		b.WriteString(s + "\n")
	}
	if len(ptrs) > 0 {
		errName := "err"
		for n := 2; avoid[errName] || taken[errName]; n++ {
			errName = fmt.Sprintf("err%d", n)
		}
		fmt.Fprintf(&b, "if %s := %s.Decode(%s); %s != nil {\nreturn %s.Return(struct{}{}, %s)\n}\n", errName, d, strings.Join(ptrs, ", "), errName, g.machine, errName)
	}
	if call.Ellipsis.IsValid() {
		names[len(names)-1] += "..."
	}
	fmt.Fprintf(&b, "%s(%s)\n", g.expr(call.Fun), strings.Join(names, ", "))
	return b.String()
}

// epilogueNames returns the names the epilogue's own locals must not take:
// the package's names and the file's imports, which the deferred calls and
// their argument types may refer to, and Step's own names.
func (g *gen) epilogueNames() map[string]bool {
	names := map[string]bool{g.recv: true, g.ctx: true, g.machine: true}
	for _, n := range g.pkg.Types.Scope().Names() {
		names[n] = true
	}
	for _, imp := range g.file.Imports {
		if pn := g.info.PkgNameOf(imp); pn != nil {
			names[pn.Name()] = true
		}
	}
	for _, spec := range g.imports.byPath {
		names[spec.name] = true
	}
	return names
}

// calleeIdent returns the identifier naming a call's function.
func calleeIdent(call *ast.CallExpr) *ast.Ident {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

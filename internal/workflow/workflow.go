// Package workflow is the one definition of a durgen workflow and of what
// may appear in one. The analyzer reports what it finds here and the
// generator refuses the same code with the same text, so the two can never
// disagree.
//
// A workflow is a function declaration whose doc comment holds the directive
// //durgen:workflow. Its await points are the calls that suspend it: the
// suspending functions of package durgen (Await, Sleep, SleepUntil, Receive,
// ReceiveWithin, Select, Future.Get) and direct calls of other workflows,
// which run as child instances.
package workflow

import (
	"go/ast"
	"go/types"
	"strings"
)

// Directive marks a workflow function.
const Directive = "//durgen:workflow"

// DurgenPath is the import path of the author API.
const DurgenPath = "github.com/durgen/durgen"

// Func is one workflow function.
type Func struct {
	Decl *ast.FuncDecl
	Obj  *types.Func
	// Ctx is the durgen.Context parameter, or nil if the signature lacks one.
	Ctx *types.Var
	// Recv is the receiver of a workflow that is a method, or nil. The
	// worker supplies it; it is never saved.
	Recv *types.Var
	// Awaits are the await points of the body, in source order; awaits
	// inside function literals are not among them (they cannot be resumed).
	Awaits []*Await
	// Defers are the body's defer statements, in source order (not those
	// of function literals). A deferred durgen.Await is not among Awaits:
	// it runs when the workflow returns, from the frame, so no local is
	// live across it.
	Defers []*ast.DeferStmt
}

// AwaitKind says what an await point waits for.
type AwaitKind int

// The await kinds.
const (
	// Suspend is a call of a suspending durgen function (durgen.Await,
	// durgen.Sleep, ...); Await.Name is the function's name.
	Suspend AwaitKind = iota + 1
	// Get is a call of the Get method of a durgen.Future.
	Get
	// Child is a direct call of another workflow.
	Child
)

// Await is one await point.
type Await struct {
	Call *ast.CallExpr
	Kind AwaitKind
	// Name is the durgen function (Suspend), "Get", or the callee (Child).
	Name string
	// Callee is the called function or method.
	Callee *types.Func
}

// suspending lists the functions of package durgen that suspend a workflow.
var suspending = map[string]bool{
	"Await":         true,
	"Sleep":         true,
	"SleepUntil":    true,
	"Receive":       true,
	"ReceiveWithin": true,
	"Select":        true,
}

// IsWorkflowDecl reports whether decl carries the workflow directive.
func IsWorkflowDecl(decl *ast.FuncDecl) bool {
	if decl.Doc == nil {
		return false
	}
	for _, c := range decl.Doc.List {
		if c.Text == Directive || strings.HasPrefix(c.Text, Directive+" ") {
			return true
		}
	}
	return false
}

// Find returns the workflows declared in files, in source order, with their
// await points.
func Find(files []*ast.File, info *types.Info) []*Func {
	var fns []*Func
	marked := map[*types.Func]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok && IsWorkflowDecl(decl) {
				obj, _ := info.Defs[decl.Name].(*types.Func)
				if obj == nil {
					continue
				}
				marked[obj] = true
				fns = append(fns, &Func{Decl: decl, Obj: obj})
			}
		}
	}
	for _, fn := range fns {
		fn.Ctx = contextParam(fn.Obj)
		fn.Recv = fn.Obj.Type().(*types.Signature).Recv()
		if fn.Decl.Body == nil {
			continue
		}
		deferred := map[*ast.CallExpr]bool{}
		ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				// A deferred await is not an await point: it runs when
				// the workflow returns (see Func.Defers).
				deferred[n.Call] = true
				fn.Defers = append(fn.Defers, n)
			case *ast.CallExpr:
				if a := AwaitOf(info, n, marked); a != nil && !deferred[n] {
					fn.Awaits = append(fn.Awaits, a)
				}
			}
			return true
		})
	}
	return fns
}

// AwaitOf classifies call. Workflows of the current package are those in
// marked; a function of another package is taken to be a workflow when its
// signature has a workflow's shape (see IsWorkflowSignature).
func AwaitOf(info *types.Info, call *ast.CallExpr, marked map[*types.Func]bool) *Await {
	callee := calleeFunc(info, call)
	if callee == nil {
		return nil
	}
	sig := callee.Type().(*types.Signature)
	if callee.Pkg() != nil && callee.Pkg().Path() == DurgenPath {
		if sig.Recv() == nil && suspending[callee.Name()] {
			return &Await{Call: call, Kind: Suspend, Name: callee.Name(), Callee: callee}
		}
		if sig.Recv() != nil && callee.Name() == "Get" && isNamed(derefType(sig.Recv().Type()), DurgenPath, "Future") {
			return &Await{Call: call, Kind: Get, Name: "Get", Callee: callee}
		}
		return nil
	}
	if marked[callee.Origin()] {
		return &Await{Call: call, Kind: Child, Name: callee.Name(), Callee: callee}
	}
	if callee.Pkg() != nil && sig.Recv() == nil && !isLocalPkg(callee, marked) && IsWorkflowSignature(sig) {
		return &Await{Call: call, Kind: Child, Name: callee.Name(), Callee: callee}
	}
	return nil
}

// isLocalPkg reports whether fn belongs to the package whose workflows are
// marked: there, only marked functions are workflows.
func isLocalPkg(fn *types.Func, marked map[*types.Func]bool) bool {
	for m := range marked {
		return m.Pkg() == fn.Pkg()
	}
	return false
}

// IsWorkflowSignature reports whether sig has a workflow's shape:
// func(durgen.Context, I) (O, error) or func(durgen.Context, I) error.
func IsWorkflowSignature(sig *types.Signature) bool {
	p, r := sig.Params(), sig.Results()
	if p.Len() != 2 || !IsContext(p.At(0).Type()) {
		return false
	}
	switch r.Len() {
	case 1:
		return isError(r.At(0).Type())
	case 2:
		return isError(r.At(1).Type())
	}
	return false
}

// IsContext reports whether t is durgen.Context.
func IsContext(t types.Type) bool { return isNamed(t, DurgenPath, "Context") }

// contextParam returns fn's first parameter if it is a durgen.Context.
func contextParam(fn *types.Func) *types.Var {
	p := fn.Type().(*types.Signature).Params()
	if p.Len() > 0 && IsContext(p.At(0).Type()) {
		return p.At(0)
	}
	return nil
}

// calleeFunc returns the function or method statically called by call.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
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
		if sel, ok := info.Selections[f]; ok {
			if sel.Kind() != types.MethodVal {
				return nil
			}
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

func isNamed(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == path && obj.Name() == name
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func isError(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }

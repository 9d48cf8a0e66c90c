package workflow

// This file defines the engine check: workflow code must not call into the
// engine or the store (packages github.com/durgen/durgen/runtime/... and
// github.com/durgen/durgen/machine), reach into its Context's state, or make
// a direct-mode Context. Such calls run again on every resume, are not part
// of the checkpoint, and bypass the guarantees the engine gives the
// workflow's own steps.

import (
	"go/ast"
	"go/types"
	"strings"
)

// IsEnginePath reports whether path is a package of the engine or the store.
func IsEnginePath(path string) bool {
	return path == DurgenPath+"/runtime" || strings.HasPrefix(path, DurgenPath+"/runtime/") ||
		path == DurgenPath+"/machine" || path == DurgenPath+"/internal/core"
}

func (c *checker) checkEngine(fn *Func) {
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			sig, _ := c.info.TypeOf(lit).(*types.Signature)
			return sig == nil || !isActivitySig(sig) // an activity may use the engine
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		f := calleeFunc(c.info, call)
		if f == nil || f.Pkg() == nil {
			return true
		}
		path := f.Pkg().Path()
		sig := f.Type().(*types.Signature)
		switch {
		case IsEnginePath(path) && f.Pkg() != c.pkg:
			c.errorf(call.Pos(), CheckEngine, "%s calls the durgen engine from workflow code, which runs again on every resume and is not part of the checkpoint; start child workflows by calling them or with durgen.Spawn, and do store work inside an activity", funcName(f))
		case path == DurgenPath && f.Name() == "State" && sig.Recv() != nil:
			c.errorf(call.Pos(), CheckEngine, "Context.State reaches into the engine's state, which workflow code must not use; use durgen.Now, durgen.Await and the other durgen functions")
		case path == DurgenPath && f.Name() == "Direct":
			c.errorf(call.Pos(), CheckEngine, "durgen.Direct in workflow code runs awaits inline, outside the checkpoint; pass the workflow's ctx instead")
		}
		return true
	})
}

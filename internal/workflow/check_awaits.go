package workflow

// This file defines the await check: an await point must be a statement or
// expression of the workflow body itself, where the generator can split the
// function and resume it at a label. An await cannot be resumed when it
// runs in a goroutine, in a function literal (a closure's stack is not part
// of the frame), in the arguments of a defer statement (they are evaluated
// at the defer), in a select statement, in the body of a range-over-func
// loop (the body is a closure called by the iterator), or in a function
// that is not a workflow. A deferred durgen.Await itself is allowed: the
// generator records it in the frame and runs it when the workflow returns.

import (
	"go/ast"
	"go/types"
	"strings"
)

// Places where an await cannot be resumed.
const (
	inGoroutine = "goroutine"
	inClosure   = "closure"
	inDeferArgs = "defer"
	inSelect    = "select"
	inRangeFunc = "rangefunc"
)

func (c *checker) checkAwaits(fn *Func) {
	c.walkAwaits(fn.Decl.Body, "")
}

// walkAwaits reports the awaits in n that run in place where (or deeper).
func (c *checker) walkAwaits(n ast.Node, where string) {
	if n == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.GoStmt:
			if lit, ok := ast.Unparen(m.Call.Fun).(*ast.FuncLit); ok {
				c.walkAwaits(lit.Body, inGoroutine)
			} else {
				c.walkAwaits(m.Call.Fun, inGoroutine)
			}
			c.reportAwait(m.Call, inGoroutine)
			for _, a := range m.Call.Args {
				c.walkAwaits(a, inGoroutine)
			}
			return false
		case *ast.DeferStmt:
			if where == "" {
				if a := AwaitOf(c.info, m.Call, c.marked); a != nil && !(a.Kind == Suspend && a.Name == "Await") {
					c.errorf(m.Call.Pos(), CheckAwait, "a deferred %s cannot be resumed: only a deferred durgen.Await of an activity is recorded in the frame and run when the workflow returns; wrap the wait in an activity, or move it before the return", AwaitName(a))
				}
			} else {
				c.reportAwait(m.Call, where)
			}
			if lit, ok := ast.Unparen(m.Call.Fun).(*ast.FuncLit); ok {
				c.walkAwaits(lit.Body, inClosure)
			} else {
				c.walkAwaits(m.Call.Fun, inDeferArgs)
			}
			for _, a := range m.Call.Args {
				c.walkAwaits(a, inDeferArgs)
			}
			return false
		case *ast.FuncLit:
			c.walkAwaits(m.Body, inClosure)
			return false
		case *ast.SelectStmt:
			c.walkAwaits(m.Body, inSelect)
			return false
		case *ast.RangeStmt:
			if t := c.info.TypeOf(m.X); t != nil {
				if _, ok := t.Underlying().(*types.Signature); ok {
					c.walkAwaits(m.X, where)
					c.walkAwaits(m.Body, inRangeFunc)
					return false
				}
			}
		case *ast.CallExpr:
			if where != "" {
				c.reportAwait(m, where)
			}
		}
		return true
	})
}

// reportAwait reports call if it is an await in place where.
func (c *checker) reportAwait(call *ast.CallExpr, where string) {
	a := AwaitOf(c.info, call, c.marked)
	if a == nil {
		return
	}
	name := AwaitName(a)
	switch where {
	case inGoroutine:
		c.errorf(call.Pos(), CheckAwait, "%s in a goroutine cannot be resumed: only the workflow's own flow is checkpointed; start concurrent work with durgen.Go and wait for it with Future.Get or durgen.Select", name)
	case inClosure:
		c.errorf(call.Pos(), CheckAwait, "%s in a function literal cannot be resumed: a closure's stack is not part of the frame; await in the workflow body itself, or make the closure a //durgen:workflow function and call it", name)
	case inDeferArgs:
		c.errorf(call.Pos(), CheckAwait, "%s in the arguments of a defer statement cannot be resumed: they are evaluated at the defer statement, outside the steps the generator can resume; await into a local before the defer statement", name)
	case inSelect:
		c.errorf(call.Pos(), CheckAwait, "%s in a select statement cannot be resumed: its channels do not survive a suspension; wait for the first of several futures with durgen.Select", name)
	case inRangeFunc:
		c.errorf(call.Pos(), CheckAwait, "%s in the body of a range-over-func loop cannot be resumed: the body runs as a closure called by the iterator; collect the items into a slice first and range over the slice", name)
	}
}

// checkHelpers reports awaits in functions that take a durgen.Context but
// are not workflows: they would suspend in the middle of an ordinary call.
// Test files are skipped: their helpers run workflows in direct mode. So is
// durgen itself, whose API is built of awaits.
func (c *checker) checkHelpers() {
	if c.pkg != nil && (c.pkg.Path() == DurgenPath || IsEnginePath(c.pkg.Path())) {
		return
	}
	for _, f := range c.files {
		if strings.HasSuffix(c.fset.Position(f.Package).Filename, "_test.go") {
			continue
		}
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil || IsWorkflowDecl(decl) {
				continue
			}
			obj, _ := c.info.Defs[decl.Name].(*types.Func)
			if obj == nil || !takesContext(obj.Type().(*types.Signature)) {
				continue
			}
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if a := AwaitOf(c.info, call, c.marked); a != nil {
					c.errorf(call.Pos(), CheckAwait, "%s in %s cannot be resumed: %s is not a workflow, and only a workflow's own body is split at awaits; mark %s //durgen:workflow with the signature func(durgen.Context, I) (O, error) and call it as a child, or inline it into the workflow",
						AwaitName(a), decl.Name.Name, decl.Name.Name, decl.Name.Name)
				}
				return true
			})
		}
	}
}

func takesContext(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if IsContext(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

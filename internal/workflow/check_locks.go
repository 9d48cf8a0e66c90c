package workflow

// This file defines the held-lock part of the persist check: a sync.Mutex or
// sync.RWMutex locked in workflow code and not unlocked before an await is
// held across a suspension. The lock lives in one process's memory; the
// workflow resumes in another, or in the same one hours later, and either
// never unlocks it or unlocks a lock it does not hold. Lock and Unlock are
// matched by their receiver expression, in source order; a deferred Unlock
// holds the lock to the end of the function.

import (
	"go/ast"
	"go/token"
	"go/types"
)

func (c *checker) checkLocks(fn *Func) {
	type lock struct {
		call *ast.CallExpr
		recv string
	}
	var locks []lock
	unlocks := map[string][]token.Pos{}
	lockMethod := func(call *ast.CallExpr) (name, recv string) {
		f := calleeFunc(c.info, call)
		if f == nil || f.Pkg() == nil || f.Pkg().Path() != "sync" {
			return "", ""
		}
		sig := f.Type().(*types.Signature)
		if sig.Recv() == nil {
			return "", ""
		}
		n, ok := types.Unalias(derefType(sig.Recv().Type())).(*types.Named)
		if !ok || (n.Obj().Name() != "Mutex" && n.Obj().Name() != "RWMutex") {
			return "", ""
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return "", ""
		}
		return f.Name(), types.ExprString(sel.X)
	}
	ast.Inspect(fn.Decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if name, recv := lockMethod(n.Call); name == "Unlock" || name == "RUnlock" {
				unlocks[recv] = append(unlocks[recv], fn.Decl.Body.Rbrace)
			}
			return false
		case *ast.CallExpr:
			switch name, recv := lockMethod(n); name {
			case "Lock", "RLock":
				locks = append(locks, lock{n, recv})
			case "Unlock", "RUnlock":
				unlocks[recv] = append(unlocks[recv], n.Pos())
			}
		}
		return true
	})
	for _, l := range locks {
		end := fn.Decl.Body.Rbrace
		for _, u := range unlocks[l.recv] {
			if u > l.call.End() && u < end {
				end = u
			}
		}
		for _, a := range fn.Awaits {
			if a.Call.Pos() > l.call.End() && a.Call.Pos() < end {
				c.errorf(l.call.Pos(), CheckPersist, "%s is locked across %s (line %d): a lock lives in one process's memory and is not held by a suspended workflow; unlock it before the await, or take the lock inside an activity",
					l.recv, AwaitName(a), c.line(a.Call.Pos()))
				break
			}
		}
	}
}

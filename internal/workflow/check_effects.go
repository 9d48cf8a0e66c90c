package workflow

// This file defines the effect check. Workflow code between two awaits runs
// once per checkpoint interval, but runs again when a worker dies before the
// next checkpoint commits: a side effect there happens twice. Effects belong
// in activities, which run at least once with a stable idempotency key. The
// check reports, in a workflow body (not in function literals that are
// activities): network, HTTP, database, file-system, process and system
// calls of the standard library, time.Sleep and runtime timers, go
// statements and channel operations. Each is reported at the call or
// statement. A call of a function of the same package that reaches a known
// effect, directly or through other functions of the package, is reported
// too, naming the effect and its line.

import (
	"go/ast"
	"go/token"
	"go/types"
)

const fixEffect = "move it into an activity and call it with durgen.Await"

// effectFuncs lists package-level functions with effects, by package path.
var effectFuncs = map[string]map[string]string{
	"net": setOf("a network call", "Dial", "DialTimeout", "DialTCP", "DialUDP", "DialIP", "DialUnix",
		"Listen", "ListenPacket", "ListenTCP", "ListenUDP", "ListenIP", "ListenUnix", "ListenUnixgram", "ListenMulticastUDP",
		"LookupHost", "LookupIP", "LookupAddr", "LookupCNAME", "LookupMX", "LookupNS", "LookupSRV", "LookupTXT", "LookupPort"),
	"net/http":     setOf("an HTTP request", "Get", "Head", "Post", "PostForm"),
	"net/smtp":     setOf("a network call", "SendMail", "Dial"),
	"net/rpc":      setOf("a network call", "Dial", "DialHTTP", "DialHTTPPath"),
	"database/sql": setOf("a database call", "Open", "OpenDB"),
	"os": setOf("a file-system call", "Create", "Open", "OpenFile", "ReadFile", "WriteFile", "Remove", "RemoveAll",
		"Rename", "Mkdir", "MkdirAll", "MkdirTemp", "CreateTemp", "ReadDir", "Chmod", "Chown", "Lchown", "Chtimes",
		"Truncate", "Link", "Symlink", "Chdir", "Setenv", "Unsetenv", "Clearenv"),
	"io/ioutil": setOf("a file-system call", "ReadFile", "WriteFile", "ReadDir", "TempFile", "TempDir"),
	"syscall":   nil, // every function
	"time":      setOf("a runtime timer", "After", "Tick", "NewTimer", "NewTicker", "AfterFunc"),
}

// effectTypes lists types whose methods have effects, by package path.
var effectTypes = map[string]map[string]string{
	"net": setOf("a network call", "Conn", "PacketConn", "Listener", "TCPConn", "UDPConn", "UnixConn", "IPConn",
		"TCPListener", "UnixListener", "Dialer", "Resolver", "ListenConfig"),
	"net/http":     setOf("an HTTP request", "Client", "Server", "Transport"),
	"net/smtp":     setOf("a network call", "Client"),
	"net/rpc":      setOf("a network call", "Client"),
	"database/sql": setOf("a database call", "DB", "Tx", "Conn", "Stmt", "Rows", "Row"),
	"os":           setOf("a file-system call", "File"),
	"os/exec":      setOf("a process call", "Cmd"),
}

func setOf(what string, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = what
	}
	return m
}

// EffectOf returns what kind of side effect a call of fn is ("a database
// call"), or "" if fn is not known to have one.
func EffectOf(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	path := fn.Pkg().Path()
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		switch {
		case path == "time" && fn.Name() == "Sleep":
			return "time.Sleep"
		case path == "os" && (fn.Name() == "Exit" || fn.Name() == "StartProcess"):
			return "a process call"
		case path == "syscall":
			return "a system call"
		}
		return effectFuncs[path][fn.Name()]
	}
	if n, ok := types.Unalias(derefType(sig.Recv().Type())).(*types.Named); ok {
		return effectTypes[path][n.Obj().Name()]
	}
	return ""
}

func (c *checker) checkEffects(fn *Func) {
	c.walkEffects(fn.Decl.Body)
}

func (c *checker) walkEffects(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			if sig, ok := c.info.TypeOf(m).(*types.Signature); ok && isActivitySig(sig) {
				return false // an activity: its body runs in the worker
			}
		case *ast.GoStmt:
			c.errorf(m.Pos(), CheckEffect, "go statement in workflow code starts a goroutine that a suspension drops and a crash starts again; run concurrent work as activities with durgen.Go")
			return false
		case *ast.SendStmt:
			c.errorf(m.Pos(), CheckEffect, "channel send in workflow code runs again after a crash, and channels do not survive a suspension; send from an activity, or wait for external events with durgen.Receive")
		case *ast.UnaryExpr:
			if m.Op == token.ARROW {
				c.errorf(m.Pos(), CheckEffect, "channel receive in workflow code blocks outside any checkpoint, and channels do not survive a suspension; wait for external events with durgen.Receive")
			}
		case *ast.SelectStmt:
			c.errorf(m.Pos(), CheckEffect, "select statement in workflow code waits on channels, which do not survive a suspension; wait for the first of several futures with durgen.Select")
			for _, cc := range m.Body.List {
				for _, s := range cc.(*ast.CommClause).Body {
					c.walkEffects(s)
				}
			}
			return false
		case *ast.RangeStmt:
			if t := c.info.TypeOf(m.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					c.errorf(m.Pos(), CheckEffect, "range over a channel in workflow code blocks outside any checkpoint, and channels do not survive a suspension; wait for external events with durgen.Receive")
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(m.Fun).(*ast.Ident); ok {
				if b, ok := c.info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
					c.errorf(m.Pos(), CheckEffect, "close of a channel in workflow code runs again after a crash, and channels do not survive a suspension; keep channels inside activities")
				}
			}
			fn := calleeFunc(c.info, m)
			if fn == nil {
				break
			}
			switch what := EffectOf(fn); what {
			case "":
				if he := c.helperEffect(fn); he != nil {
					c.errorf(m.Pos(), CheckEffect, "%s calls %s (line %d), %s, from workflow code, which runs again when the workflow resumes from its last checkpoint after a crash; make %s an activity and call it with durgen.Await",
						fn.Name(), he.name, c.line(he.pos), he.what, fn.Name())
				}
			case "time.Sleep":
				c.errorf(m.Pos(), CheckEffect, "time.Sleep in workflow code blocks a worker and does not survive a crash; use durgen.Sleep, a durable timer")
			default:
				c.errorf(m.Pos(), CheckEffect, "%s is %s in workflow code, which runs again when the workflow resumes from its last checkpoint after a crash; %s", funcName(fn), what, fixEffect)
			}
		}
		return true
	})
}

// helperEffect is a known effect that a function of the package being
// checked reaches, directly or through other functions of the package.
type helperEffect struct {
	name string // the effect's function, as funcName prints it
	pos  token.Pos
	what string
}

// helperEffect returns the first known effect that a call of fn, a function
// or method declared in the package being checked and not a workflow,
// reaches; nil if none. Function literals of an activity's type are skipped,
// as in workflow code.
func (c *checker) helperEffect(fn *types.Func) *helperEffect {
	fn = fn.Origin()
	if fn.Pkg() != c.pkg || c.marked[fn] {
		return nil
	}
	if c.effects == nil {
		c.effects = map[*types.Func]*helperEffect{}
		c.decls = map[*types.Func]*ast.FuncDecl{}
		for _, f := range c.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if obj, ok := c.info.Defs[fd.Name].(*types.Func); ok {
						c.decls[obj] = fd
					}
				}
			}
		}
	}
	if he, ok := c.effects[fn]; ok {
		return he // nil while fn is being scanned: a recursive call adds nothing
	}
	c.effects[fn] = nil
	decl := c.decls[fn]
	if decl == nil {
		return nil
	}
	var found *helperEffect
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			sig, _ := c.info.TypeOf(n).(*types.Signature)
			return sig == nil || !isActivitySig(sig)
		case *ast.CallExpr:
			callee := calleeFunc(c.info, n)
			if callee == nil {
				return true
			}
			if what := EffectOf(callee); what != "" {
				if what == "time.Sleep" {
					what = "a blocking sleep"
				}
				found = &helperEffect{funcName(callee), n.Pos(), what}
			} else if he := c.helperEffect(callee); he != nil {
				found = he
			}
		}
		return found == nil
	})
	c.effects[fn] = found
	return found
}

// isTimeNow reports whether call is time.Now().
func (c *checker) isTimeNow(call *ast.CallExpr) bool {
	fn := calleeFunc(c.info, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Now"
}

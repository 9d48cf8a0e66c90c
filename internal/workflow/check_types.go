package workflow

// This file defines which types can be persisted faithfully in a frame: the
// rule behind the persist check and the signature check. A frame is stored
// as JSON (see machine.EncodeFrame): a local of static type error is stored
// as its message and registered sentinels, every other value with
// encoding/json. A type is persistable when a JSON round trip gives back an
// equal value that means the same thing in another process, days later.
//
// Refused: channels, funcs, unsafe pointers, complex numbers, interfaces
// other than error (the dynamic type is lost), an error nested inside
// another value (only an error local is stored specially), maps whose key
// is not a string, an integer or a TextMarshaler, structs with unexported
// fields and no marshaling methods, and the known handles (database
// connections, sockets, files, HTTP clients and responses, Go contexts,
// locks, runtime timers), which mean nothing outside the process that made
// them. Accepted without looking inside: types with MarshalJSON,
// MarshalText or MarshalBinary (time.Time, big.Int, ...), and the plain-data
// types of package durgen (Future, Option, ...).
//
// An interface type whose declaration's doc comment holds the directive
// //durgen:persist is accepted in a frame (FrameProblem): the frame stores
// its values with their dynamic type, which the program registers with
// durgen.RegisterType. The mark is read from the declaration's syntax, also
// for an interface declared in another package, whose file is parsed once
// from the position of its type name (see Marks); so the analyzer and the
// generator, which both call Check, agree without analysis facts. The
// values the runtime records as plain JSON (PersistProblem: activity
// inputs and results, signals, workflow inputs and outputs) refuse every
// interface but a top-level error.

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"
)

// PersistDirective marks an interface type whose values may live across
// awaits.
const PersistDirective = "//durgen:persist"

// Problem says why a type cannot be persisted.
type Problem struct {
	// Path is the offending part of the value, from the root name given to
	// PersistProblem: "req.client.conn", "items[i]", "m[k]".
	Path string
	// Type is the offending type.
	Type types.Type
	// What says what the offending type is, completing "<path> is <type>,":
	// "a database handle".
	What string
	// Fix is the way out, an imperative clause.
	Fix string
	// Field is set when the problem is an unexported field of Owner, a
	// struct type without marshaling methods.
	Field bool
	Owner types.Type
	// Unmarked is the interface type, not marked //durgen:persist, that a
	// frame cannot hold (FrameProblem only).
	Unmarked types.Type
}

// handle describes a known handle type.
type handle struct{ what, fix string }

const (
	fixHandle = "open it inside an activity or inject it through the activity receiver"
	fixLock   = "locks and counters are not held across a suspension; release it before the await, or keep it inside an activity"
	fixGoCtx  = "activities receive their context.Context from the worker; pass plain values to them instead"
)

// handles are the known types that stand for a resource of the process.
var handles = map[string]map[string]handle{
	"database/sql": {
		"DB": {"a database handle", fixHandle}, "Tx": {"a database transaction", fixHandle},
		"Conn": {"a database connection", fixHandle}, "Rows": {"an open result set", fixHandle},
		"Row": {"a pending query result", fixHandle}, "Stmt": {"a prepared statement", fixHandle},
	},
	"net": {
		"Conn": {"a network connection", fixHandle}, "PacketConn": {"a network connection", fixHandle},
		"Listener": {"a network listener", fixHandle}, "TCPConn": {"a network connection", fixHandle},
		"UDPConn": {"a network connection", fixHandle}, "UnixConn": {"a network connection", fixHandle},
		"IPConn": {"a network connection", fixHandle}, "TCPListener": {"a network listener", fixHandle},
		"UnixListener": {"a network listener", fixHandle},
	},
	"net/http": {
		"Client": {"an HTTP client", fixHandle}, "Response": {"an HTTP response with an open body", "read what you need from it inside the activity that made the request and return that"},
		"Request": {"an HTTP request with a body and a context", "keep the URL, header and body as plain values and build the request inside an activity"},
		"Server":  {"an HTTP server", fixHandle}, "Transport": {"an HTTP transport", fixHandle},
		"ResponseWriter": {"an HTTP response writer", fixHandle}, "RoundTripper": {"an HTTP transport", fixHandle},
	},
	"os":      {"File": {"an open file", fixHandle}, "Process": {"an operating-system process", fixHandle}},
	"os/exec": {"Cmd": {"an operating-system process", fixHandle}},
	"context": {"Context": {"a Go context", fixGoCtx}},
	"sync": {
		"Mutex": {"a lock", fixLock}, "RWMutex": {"a lock", fixLock}, "WaitGroup": {"a wait group", fixLock},
		"Once": {"a sync.Once", fixLock}, "Cond": {"a condition variable", fixLock}, "Map": {"a concurrent map", "use a plain map; workflow code runs on one goroutine"},
		"Pool": {"a pool of process memory", fixLock},
	},
	"time": {"Timer": {"a runtime timer", "use durgen.Sleep or durgen.Timer, which survive a suspension"}, "Ticker": {"a runtime ticker", "loop over durgen.Sleep instead"}},
}

// fixRecordInterface is the way out of an interface in a value the runtime
// records.
const fixRecordInterface = "use a concrete type: the runtime records activity inputs and results, signals and workflow inputs and outputs as plain JSON, and only a workflow's locals may hold an interface marked " + PersistDirective

// PersistProblem returns why a value of type t, named root, that the
// runtime records (an activity's input or result, a signal, a workflow's
// input or output) cannot be persisted, or nil if it can. A root of static
// type error is persistable; an error inside another value is not; nor is
// any other interface, marked or not.
func PersistProblem(t types.Type, root string) *Problem {
	w := &typeWalker{seen: map[types.Type]bool{}}
	return w.walk(t, root, true)
}

// FrameProblem returns why a local of type t, named root, cannot be
// persisted in a frame, or nil if it can. It is PersistProblem, except that
// an interface type for which marked reports true (see Marks.IsMarked) is
// accepted, anywhere in the value.
func FrameProblem(t types.Type, root string, marked func(*types.TypeName) bool) *Problem {
	w := &typeWalker{seen: map[types.Type]bool{}, frame: true, marked: marked}
	return w.walk(t, root, true)
}

type typeWalker struct {
	seen   map[types.Type]bool
	frame  bool
	marked func(*types.TypeName) bool
}

// walk checks t at path; top reports whether t is the whole value (where an
// error is stored specially).
func (w *typeWalker) walk(t types.Type, path string, top bool) *Problem {
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		if w.seen[n] {
			return nil
		}
		w.seen[n] = true
		if obj := n.Obj(); obj.Pkg() != nil {
			if obj.Pkg().Path() == DurgenPath {
				if obj.Name() == "Context" {
					return &Problem{Path: path, Type: t, What: "a durgen.Context other than the workflow's parameter",
						Fix: "use the workflow's ctx parameter, or call durgen.WithoutCancel(ctx) again after the await"}
				}
				return nil // Future, Option, RetryPolicy, ...: plain data
			}
			if h, ok := handles[obj.Pkg().Path()][obj.Name()]; ok {
				return &Problem{Path: path, Type: t, What: h.what, Fix: h.fix}
			}
			if obj.Pkg().Path() == "sync/atomic" {
				return &Problem{Path: path, Type: t, What: "an atomic value", Fix: fixLock}
			}
		}
	}
	if isError(t) {
		if top {
			return nil
		}
		return &Problem{Path: path, Type: t, What: "an error inside another value, which is stored without its message",
			Fix: "keep the error in a local of its own, or store err.Error()"}
	}
	if _, ok := t.(*types.TypeParam); ok {
		return nil
	}
	if hasMarshaler(t) {
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Kind() == types.UnsafePointer:
			return &Problem{Path: path, Type: t, What: "an unsafe pointer", Fix: "keep the data it points to instead"}
		case u.Info()&types.IsComplex != 0:
			return &Problem{Path: path, Type: t, What: "a complex number, which JSON cannot encode", Fix: "keep its real and imaginary parts as float64"}
		}
		return nil
	case *types.Pointer:
		if p := w.walk(u.Elem(), path, false); p != nil {
			if p.Path == path && !p.Field {
				p.Type = t // report *sql.DB, not sql.DB
			}
			return p
		}
		return nil
	case *types.Slice:
		return w.walk(u.Elem(), path+"[i]", false)
	case *types.Array:
		return w.walk(u.Elem(), path+"[i]", false)
	case *types.Map:
		if !isJSONKey(u.Key()) {
			return &Problem{Path: path, Type: t, What: "a map with key type " + types.TypeString(u.Key(), nil) + ", which cannot be a JSON object key",
				Fix: "use a string or integer key, or a key type with a MarshalText method"}
		}
		return w.walk(u.Elem(), path+"[k]", false)
	case *types.Chan:
		return &Problem{Path: path, Type: t, What: "a channel", Fix: "wait for external events with durgen.Receive, and keep channels inside activities"}
	case *types.Signature:
		return &Problem{Path: path, Type: t, What: "a func value", Fix: "call a named function after the await instead of keeping a func value across it"}
	case *types.Interface:
		if !w.frame {
			return &Problem{Path: path, Type: t, What: "an interface, whose dynamic type is lost when it is stored", Fix: fixRecordInterface}
		}
		if n, ok := t.(*types.Named); ok && w.marked != nil && w.marked(n.Obj()) {
			return nil
		}
		return &Problem{Path: path, Type: t, Unmarked: t, What: "an interface not marked " + PersistDirective + ", whose dynamic type would be lost",
			Fix: "keep a concrete type across the await"}
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			if f.Name() == "_" || jsonSkipped(u.Tag(i)) {
				continue
			}
			fpath := path + "." + f.Name()
			if p := w.walk(f.Type(), fpath, false); p != nil {
				return p
			}
			if !f.Exported() && !f.Embedded() {
				return &Problem{Path: fpath, Type: f.Type(), Field: true, Owner: t,
					What: "an unexported field of " + types.TypeString(t, nil) + ", which is not stored",
					Fix:  "export the field, or give " + typeName(t) + " MarshalJSON and UnmarshalJSON methods"}
			}
		}
		return nil
	}
	return nil
}

func typeName(t types.Type) string {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return "the struct"
}

// hasMarshaler reports whether t or *t has MarshalJSON, MarshalText or
// MarshalBinary.
func hasMarshaler(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.Named); !ok {
		return false
	}
	if _, ok := t.Underlying().(*types.Interface); ok {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(t))
	for _, name := range []string{"MarshalJSON", "MarshalText", "MarshalBinary"} {
		if sel := ms.Lookup(nil, name); sel != nil {
			return true
		}
	}
	return false
}

// isJSONKey reports whether encoding/json accepts t as a map key.
func isJSONKey(t types.Type) bool {
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&(types.IsString|types.IsInteger) != 0 {
		return true
	}
	if _, ok := types.Unalias(t).(*types.Named); ok {
		ms := types.NewMethodSet(t)
		return ms.Lookup(nil, "MarshalText") != nil
	}
	return false
}

// jsonSkipped reports whether a struct tag excludes the field from JSON.
func jsonSkipped(tag string) bool {
	return reflect.StructTag(tag).Get("json") == "-"
}

// Marks tells the interface types marked //durgen:persist apart, for one
// run of Check: it reads a declaration's doc comment from the package's
// own syntax, or else from the file its position names, parsed once per
// process (and again if the file changes).
type Marks struct {
	fset  *token.FileSet
	files map[*token.File]*ast.File
	memo  map[*types.TypeName]bool
}

// NewMarks returns the marks of the package made of files, and of the
// packages whose objects have positions in fset.
func NewMarks(fset *token.FileSet, files []*ast.File) *Marks {
	m := &Marks{fset: fset, files: map[*token.File]*ast.File{}, memo: map[*types.TypeName]bool{}}
	for _, f := range files {
		if tf := fset.File(f.Package); tf != nil {
			m.files[tf] = f
		}
	}
	return m
}

// IsMarked reports whether the type declared as obj has //durgen:persist
// in its doc comment.
func (m *Marks) IsMarked(obj *types.TypeName) bool {
	if m == nil || obj == nil || !obj.Pos().IsValid() {
		return false
	}
	if b, ok := m.memo[obj]; ok {
		return b
	}
	b := m.lookup(obj)
	m.memo[obj] = b
	return b
}

func (m *Marks) lookup(obj *types.TypeName) bool {
	tf := m.fset.File(obj.Pos())
	if tf == nil {
		return false
	}
	if f, ok := m.files[tf]; ok {
		marked := false
		eachTypeSpec(f, func(ts *ast.TypeSpec, doc []*ast.CommentGroup) {
			if ts.Name.Pos() == obj.Pos() {
				marked = hasPersistDirective(doc)
			}
		})
		return marked
	}
	pos := m.fset.Position(obj.Pos())
	return fileMarks(pos.Filename)[markKey{obj.Name(), pos.Line}]
}

// markKey is a marked type declaration in a file: its name and line.
type markKey struct {
	name string
	line int
}

var markCache = struct {
	sync.Mutex
	files map[string]*markedFile
}{files: map[string]*markedFile{}}

type markedFile struct {
	mod   time.Time
	size  int64
	marks map[markKey]bool
}

// fileMarks returns the marked type declarations of the Go file at path, or
// nil if it cannot be read.
func fileMarks(path string) map[markKey]bool {
	if path == "" {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	markCache.Lock()
	defer markCache.Unlock()
	if mf, ok := markCache.files[path]; ok && mf.mod.Equal(fi.ModTime()) && mf.size == fi.Size() {
		return mf.marks
	}
	mf := &markedFile{mod: fi.ModTime(), size: fi.Size()}
	fset := token.NewFileSet()
	// Only declarations and comments are needed, but a type may be
	// declared inside a function.
	if f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution); err == nil {
		eachTypeSpec(f, func(ts *ast.TypeSpec, doc []*ast.CommentGroup) {
			if hasPersistDirective(doc) {
				if mf.marks == nil {
					mf.marks = map[markKey]bool{}
				}
				mf.marks[markKey{ts.Name.Name, fset.Position(ts.Name.Pos()).Line}] = true
			}
		})
	}
	markCache.files[path] = mf
	return mf.marks
}

// eachTypeSpec calls fn for every type declaration of f with the comments
// that document it: its own, and its declaration's if it stands alone.
func eachTypeSpec(f *ast.File, fn func(ts *ast.TypeSpec, doc []*ast.CommentGroup)) {
	ast.Inspect(f, func(n ast.Node) bool {
		gd, ok := n.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			return true
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			doc := []*ast.CommentGroup{ts.Doc}
			if !gd.Lparen.IsValid() {
				doc = append(doc, gd.Doc)
			}
			fn(ts, doc)
		}
		return false
	})
}

// hasPersistDirective reports whether a comment group holds the line
// //durgen:persist (possibly followed by a space and a remark).
func hasPersistDirective(groups []*ast.CommentGroup) bool {
	return persistDirective(groups) != nil
}

func persistDirective(groups []*ast.CommentGroup) *ast.Comment {
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			rest, ok := strings.CutPrefix(c.Text, PersistDirective)
			if ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
				return c
			}
		}
	}
	return nil
}

// isStd reports whether obj is declared in the Go distribution's sources,
// where a directive cannot be added: by its file, or, if its position is
// not in fset, by its package path (no dot in its first element).
func isStd(fset *token.FileSet, obj types.Object) bool {
	if fset.File(obj.Pos()) == nil {
		first, _, _ := strings.Cut(obj.Pkg().Path(), "/")
		return !strings.Contains(first, ".")
	}
	root := build.Default.GOROOT
	if root == "" {
		return false
	}
	name := fset.Position(obj.Pos()).Filename
	return strings.HasPrefix(filepath.Clean(name), filepath.Join(root, "src")+string(filepath.Separator))
}

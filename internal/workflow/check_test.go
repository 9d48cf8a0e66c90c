package workflow

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// checkSource type-checks src (after a standard header) and runs Check.
func checkSource(t *testing.T, src string) (*token.FileSet, []Diagnostic) {
	t.Helper()
	fset := token.NewFileSet()
	full := "package p\nimport (\"context\"; \"time\"; \"github.com/durgen/durgen\")\nvar _ = time.Second\nfunc act(ctx context.Context, n int) (int, error) { return n, nil }\n" + strings.TrimPrefix(src, "\n")
	f, err := parser.ParseFile(fset, "p.go", full, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Types: map[ast.Expr]types.TypeAndValue{}, Instances: map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: &stubImporter{fset, map[string]*types.Package{}}}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return fset, Check(fset, []*ast.File{f}, pkg, info)
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string // "line:col check: message prefix", in order
	}{
		{"clean", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	var err error
	k, err := durgen.Await(ctx, act, n)
	if err := durgen.Sleep(ctx, time.Second); err != nil {
		return 0, err
	}
	return k, err
}`, nil},
		{"persist at the declaration, sorted with an effect", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	time.Sleep(time.Second)
	ch := make(chan int)
	if err := durgen.Sleep(ctx, time.Second); err != nil {
		return 0, err
	}
	close(ch)
	return n, nil
}`, []string{
			"7:2 effect: time.Sleep in workflow code",
			"8:2 persist: ch (chan int) is live across durgen.Sleep (line 9)",
			"12:2 effect: close of a channel",
		}},
		{"reported once per local, at the first await it crosses", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	f := func() {}
	durgen.Sleep(ctx, time.Second)
	durgen.Sleep(ctx, time.Second)
	f()
	return n, nil
}`, []string{"7:2 persist: f (func()) is live across durgen.Sleep (line 8)"}},
		{"suppressed on the line before", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	//durgen:ignore persist the channel is recreated by the test
	ch := make(chan int)
	durgen.Sleep(ctx, time.Second)
	_ = ch
	return n, nil
}`, nil},
		{"a suppression of another check does not apply", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	ch := make(chan int) //durgen:ignore effect not this one
	durgen.Sleep(ctx, time.Second)
	_ = ch
	return n, nil
}`, []string{"7:2 persist: ch (chan int)"}},
		{"a suppression needs a reason", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	//durgen:ignore persist
	return n, nil
}`, []string{"7:2 ignore: //durgen:ignore needs a check and a reason"}},
		{"signature and the body both checked", `
//durgen:workflow
func W(ctx durgen.Context, n int) int {
	go func() {}()
	return n
}`, []string{
			"6:6 signature: workflow W must return an error as its last result",
			"7:2 effect: go statement",
		}},
		{"the input of an activity", `
func send(ctx context.Context, c chan int) (int, error) { return 0, nil }
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	return durgen.Await(ctx, send, make(chan int))
}`, []string{"8:33 persist: the input of the activity send (chan int) cannot be persisted, and the runtime records it: it is a channel"}},
		{"stale is a warning", `
//durgen:workflow
func W(ctx durgen.Context, n int) (time.Duration, error) {
	t0 := time.Now()
	durgen.Sleep(ctx, time.Second)
	return time.Since(t0), nil
}`, []string{"9:20 stale: t0 holds a time.Now reading from before durgen.Sleep (line 8)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset, diags := checkSource(t, tc.src)
			var got []string
			for _, d := range diags {
				p := fset.Position(d.Pos)
				got = append(got, strings.Join([]string{itoa(p.Line) + ":" + itoa(p.Column), d.Check + ":", d.Message}, " "))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("diagnostic %d:\ngot  %s\nwant %s...", i, got[i], tc.want[i])
				}
			}
			for _, d := range diags {
				wantSev := Error
				if d.Check == CheckStale {
					wantSev = Warning
				}
				if d.Severity != wantSev {
					t.Errorf("%s: severity %v, want %v", d.Check, d.Severity, wantSev)
				}
				if m := d.Message; m == "" || m[len(m)-1] == '.' || strings.ToLower(m[:1]) != m[:1] && !strings.HasPrefix(m, "Context.") {
					t.Errorf("message %q: want lowercase, no final period", m)
				}
			}
			if HasErrors(diags) != (len(diags) > 0 && diags[0].Severity == Error || hasError(diags)) {
				t.Error("HasErrors disagrees")
			}
		})
	}
}

func hasError(diags []Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}

func TestPersistProblem(t *testing.T) {
	src := `package p
import ("context"; "database/sql"; "net"; "sync"; "time"; "math/big"; "unsafe")
type conn struct{ c net.Conn }
type Req struct { ID string; Conn *conn }
type Point struct{ X, Y int }
type Key string
type hidden struct{ n int }
type Tagged struct{ ID string; skip func() ` + "`json:\"-\"`" + ` }
type List struct{ Next *List; V int }
type Err struct{ Err error }
var (
	_ int
	_ string
	_ []map[string]*Point
	_ map[Key]int
	_ time.Time
	_ *big.Int
	_ Tagged
	_ List
	_ error
	_ struct{}
	_ *sql.DB
	_ Req
	_ chan int
	_ func()
	_ any
	_ map[Point]int
	_ hidden
	_ sync.Mutex
	_ context.Context
	_ unsafe.Pointer
	_ complex128
	_ Err
	_ []error
	_ map[float64]string
)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: &stubImporter{fset, map[string]*types.Package{}}}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"", "", "", "", "", "", "", "", "", "", // persistable
		"x: a database handle",
		"x.Conn.c: a network connection",
		"x: a channel",
		"x: a func value",
		"x: an interface, whose dynamic type is lost when it is stored",
		"x: a map with key type p.Point, which cannot be a JSON object key",
		"x.n: an unexported field of p.hidden, which is not stored",
		"x: a lock",
		"x: a Go context",
		"x: an unsafe pointer",
		"x: a complex number, which JSON cannot encode",
		"x.Err: an error inside another value, which is stored without its message",
		"x[i]: an error inside another value, which is stored without its message",
		"x: a map with key type float64, which cannot be a JSON object key",
	}
	var specs []*ast.ValueSpec
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, s := range g.Specs {
				specs = append(specs, s.(*ast.ValueSpec))
			}
		}
	}
	if len(specs) != len(want) {
		t.Fatalf("%d types, %d wants", len(specs), len(want))
	}
	for i, s := range specs {
		typ := info.Types[s.Type].Type
		got := ""
		if p := PersistProblem(typ, "x"); p != nil {
			got = p.Path + ": " + p.What
		}
		if got != want[i] {
			t.Errorf("%s: got %q, want %q", typ, got, want[i])
		}
	}
}

func TestPerishableName(t *testing.T) {
	for name, want := range map[string]bool{
		"token": true, "accessToken": true, "OTPCode": true, "sessionID": true, "*oauth2.Token": true,
		"signedURL": true, "presignedUrl": true, "nonce": true, "JWT": true,
		"release": false, "hotPath": false, "tokenizer": false, "url": false, "sign": false, "count": false,
	} {
		if got := isPerishableName(name); got != want {
			t.Errorf("isPerishableName(%q) = %v, want %v (words %q)", name, got, want, splitWords(name))
		}
	}
}

package workflow

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkWith type-checks src (after a header importing context, fmt, net,
// time, durgen and example.com/q) as package p; example.com/q is made of
// qsrc, written to a file on disk, where Marks finds a dependency's
// declarations. It returns "line:col check: message" per diagnostic.
func checkWith(t *testing.T, qsrc, src string) []string {
	t.Helper()
	fset := token.NewFileSet()
	im := &stubImporter{fset, map[string]*types.Package{}}
	if qsrc != "" {
		path := filepath.Join(t.TempDir(), "q.go")
		if err := os.WriteFile(path, []byte(qsrc), 0o666); err != nil {
			t.Fatal(err)
		}
		qf, err := parser.ParseFile(fset, path, nil, 0) // no comments: Marks reads the file again
		if err != nil {
			t.Fatal(err)
		}
		q, err := (&types.Config{Importer: im}).Check("example.com/q", fset, []*ast.File{qf}, nil)
		if err != nil {
			t.Fatal(err)
		}
		im.pkgs["example.com/q"] = q
	}
	full := "package p\nimport (\"context\"; \"fmt\"; \"net\"; \"time\"; \"example.com/q\"; \"github.com/durgen/durgen\")\n" +
		"var (_ = time.Second; _ fmt.Stringer; _ net.Conn; _ q.Other; _ = durgen.Sleep)\n" +
		"func act(ctx context.Context, n int) (int, error) { return n, nil }\n" + strings.TrimPrefix(src, "\n")
	f, err := parser.ParseFile(fset, "p.go", full, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Types: map[ast.Expr]types.TypeAndValue{}, Instances: map[*ast.Ident]types.Instance{},
	}
	pkg, err := (&types.Config{Importer: im}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range Check(fset, []*ast.File{f}, pkg, info) {
		p := fset.Position(d.Pos)
		got = append(got, itoa(p.Line)+":"+itoa(p.Column)+" "+d.Check+": "+d.Message)
	}
	return got
}

// qsrc is a dependency declaring interfaces, one marked.
const qsrc = `package q

// Method is marked in a group.
type (
	// Method is how to pay.
	//
	//durgen:persist
	Method interface{ Pay() }
	Other interface{ Pay() }
)

//durgen:persist the directive may carry a remark
type Shape interface{ Area() float64 }

//durgen:persistent is another word
type Near interface{ Area() float64 }
`

func TestPersistMarks(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // "line:col check: message prefix", in order
	}{
		{"marked interfaces live across awaits", `
//durgen:persist
type Local interface{ Pay() }

type Card struct{ Number string }

func (Card) Pay() {}

type Plan struct {
	Main  Local
	Spare []Local
	ByID  map[string]*Local
}

func init() { durgen.RegisterType[Local](Card{}, &Card{}) }

//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	var m Local = Card{"4242"}
	var nilm Local
	p := Plan{Main: m}
	var a Alias = m
	durgen.Sleep(ctx, time.Second)
	m.Pay()
	_, _, _ = nilm, p, a
	return n, nil
}

type Alias = Local
`, nil},
		{"marked in another package, also in a group and with a remark", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	var m q.Method
	var s []q.Shape
	durgen.Sleep(ctx, time.Second)
	_, _ = m, s
	return n, nil
}`, nil},
		{"unmarked interfaces are refused, naming the way out", `
type Local interface{ Pay() }

//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	var l Local
	var o q.Other
	var near map[string]q.Near
	var s fmt.Stringer
	var v any
	durgen.Sleep(ctx, time.Second)
	_, _, _, _, _ = l, o, near, s, v
	return n, nil
}`, []string{
			"9:6 persist: l (Local) is live across durgen.Sleep (line 14) and cannot be persisted: it is an interface not marked //durgen:persist, whose dynamic type would be lost; add //durgen:persist to the doc comment of Local and register its concrete types with durgen.RegisterType[Local](...) in an init func, or keep a concrete type across the await",
			"10:6 persist: o (q.Other) is live across durgen.Sleep (line 14) and cannot be persisted: it is an interface not marked //durgen:persist, whose dynamic type would be lost; add //durgen:persist to the doc comment of q.Other (in package example.com/q) and register its concrete types with durgen.RegisterType[q.Other](...) in an init func",
			"11:6 persist: near (map[string]q.Near) is live across durgen.Sleep (line 14) and cannot be persisted: near[k] is q.Near, an interface not marked //durgen:persist",
			"12:6 persist: s (fmt.Stringer) is live across durgen.Sleep (line 14) and cannot be persisted: it is an interface not marked //durgen:persist, whose dynamic type would be lost; keep a concrete type across the await, or declare an interface type of your own with //durgen:persist in its doc comment and register its concrete types with durgen.RegisterType in an init func",
			"13:6 persist: v (any) is live across durgen.Sleep (line 14) and cannot be persisted: it is an interface not marked //durgen:persist, whose dynamic type would be lost; keep a concrete type across the await, or declare an interface type of your own",
		}},
		{"a marked interface is still refused in what the runtime records", `
//durgen:persist
type Local interface{ Pay() }

func pick(ctx context.Context, n int) (Local, error) { return nil, nil }

//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	_, err := durgen.Await(ctx, pick, n)
	return n, err
}`, []string{
			"12:12 persist: the result of the activity pick (Local) cannot be persisted, and the runtime records it: it is an interface, whose dynamic type is lost when it is stored; use a concrete type: the runtime records activity inputs and results, signals and workflow inputs and outputs as plain JSON, and only a workflow's locals may hold an interface marked //durgen:persist",
		}},
		{"registrations", `
//durgen:persist
type Local interface{ Pay() }

type Card struct{ Number string }

func (Card) Pay() {}

type Conn struct{ C net.Conn }

func (Conn) Pay() {}

type hidden struct{ n int }

func (hidden) Pay() {}

func init() {
	durgen.RegisterType[Local](Card{}, Conn{}, &hidden{})
	durgen.RegisterType(Card{})
	var l Local = Card{}
	durgen.RegisterType[Local](l)
}`, []string{
			"21:37 persist: Conn is registered with durgen.RegisterType[Local] but cannot be persisted: Conn.C is net.Conn, a network connection; open it inside an activity",
			"21:45 persist: *hidden is registered with durgen.RegisterType[Local] but cannot be persisted: hidden.n is an unexported field of hidden, which is not stored; export the field, or give hidden MarshalJSON and UnmarshalJSON methods",
			"22:2 persist: durgen.RegisterType[Card] registers the types of an interface's values, and Card is not an interface: name the interface the values are stored in, as in durgen.RegisterType[Method](Card{})",
		}},
		{"the directive on a type that is not an interface", `
// Card is a card.
//
//durgen:persist
type Card struct{ Number string }

type (
	//durgen:persist
	Shape interface{ Area() float64 }
)
`, []string{
			"7:1 persist: //durgen:persist marks an interface type whose locals may live across awaits, and Card is not an interface: remove the directive, or put it on the interface Card is stored in and register Card with durgen.RegisterType",
		}},
		{"suppressed", `
type Local interface{ Pay() }

//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	var l Local //durgen:ignore persist nothing is stored in it
	durgen.Sleep(ctx, time.Second)
	_ = l
	return n, nil
}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := checkWith(t, qsrc, tc.src)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("diagnostic %d:\ngot  %s\nwant %s...", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestFrameProblem(t *testing.T) {
	src := `package p
import "fmt"

//durgen:persist
type Marked interface{ M() }

type Unmarked interface{ M() }

type Holder struct {
	A []Marked
	B map[string]Unmarked
}

var (
	_ Marked
	_ []map[string]*Marked
	_ Unmarked
	_ Holder
	_ fmt.Stringer
	_ error
)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: &stubImporter{fset, map[string]*types.Package{}}}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	marks := NewMarks(fset, []*ast.File{f})
	for i, want := range []struct{ frame, record string }{
		{"", "x: an interface, whose dynamic type is lost when it is stored"},
		{"", "x[i][k]: an interface, whose dynamic type is lost when it is stored"},
		{"x: an interface not marked //durgen:persist, whose dynamic type would be lost", "x: an interface, whose dynamic type is lost when it is stored"},
		{"x.B[k]: an interface not marked //durgen:persist, whose dynamic type would be lost", "x.A[i]: an interface, whose dynamic type is lost when it is stored"},
		{"x: an interface not marked //durgen:persist, whose dynamic type would be lost", "x: an interface, whose dynamic type is lost when it is stored"},
		{"", ""},
	} {
		spec := f.Decls[len(f.Decls)-1].(*ast.GenDecl).Specs[i].(*ast.ValueSpec)
		typ := info.Types[spec.Type].Type
		text := func(p *Problem) string {
			if p == nil {
				return ""
			}
			return p.Path + ": " + p.What
		}
		if got := text(FrameProblem(typ, "x", marks.IsMarked)); got != want.frame {
			t.Errorf("FrameProblem(%s) = %q, want %q", typ, got, want.frame)
		}
		if got := text(PersistProblem(typ, "x")); got != want.record {
			t.Errorf("PersistProblem(%s) = %q, want %q", typ, got, want.record)
		}
	}
}

package workflow

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// durgenStub declares the parts of package durgen the tests use.
const durgenStub = `package durgen
import ("context"; "time")
type Context interface{ isContext() }
type Future[O any] struct{ ID int }
func (f Future[O]) Get(ctx Context) (O, error) { var o O; return o, nil }
func Await[I, O any](ctx Context, activity func(context.Context, I) (O, error), in I) (O, error) { var o O; return o, nil }
func Sleep(ctx Context, d time.Duration) error { return nil }
func RegisterType[I any](impls ...I) {}
`

type stubImporter struct {
	fset *token.FileSet
	pkgs map[string]*types.Package
}

func (im *stubImporter) Import(path string) (*types.Package, error) {
	if p, ok := im.pkgs[path]; ok {
		return p, nil
	}
	if path == DurgenPath {
		f, err := parser.ParseFile(im.fset, "durgen.go", durgenStub, 0)
		if err != nil {
			return nil, err
		}
		conf := types.Config{Importer: im}
		p, err := conf.Check(path, im.fset, []*ast.File{f}, nil)
		if err != nil {
			return nil, err
		}
		im.pkgs[path] = p
		return p, nil
	}
	p, err := stdImporter.Import(path)
	if err == nil {
		im.pkgs[path] = p
	}
	return p, err
}

var stdImporter = importer.Default()

// check type-checks a package made of src (after a standard header).
func check(t *testing.T, src string) ([]*ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	full := "package p\nimport (\"context\"; \"time\"; \"github.com/durgen/durgen\")\nvar _ = time.Second\nfunc act(ctx context.Context, n int) (int, error) { return n, nil }\n" + src
	f, err := parser.ParseFile(fset, "p.go", full, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Types: map[ast.Expr]types.TypeAndValue{},
	}
	conf := types.Config{Importer: &stubImporter{fset, map[string]*types.Package{}}}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	return []*ast.File{f}, info
}

func names(vars []*types.Var) string {
	var s []string
	for _, v := range vars {
		s = append(s, v.Name())
	}
	return strings.Join(s, " ")
}

func TestLiveness(t *testing.T) {
	tests := []struct {
		name, src string
		entry     string
		across    []string // per await, in source order
	}{
		{
			name: "sequence",
			src: `func W(ctx durgen.Context, n int) (int, error) {
	a, err := durgen.Await(ctx, act, n)
	if err != nil { return 0, err }
	unused := a * 2
	_ = unused
	b, err := durgen.Await(ctx, act, a)
	if err != nil { return 0, err }
	return a + b, nil
}`,
			entry:  "n",
			across: []string{"", "a"},
		},
		{
			name: "loop carries the counter and the total",
			src: `func W(ctx durgen.Context, n int) (int, error) {
	total := 0
	for i := 0; i < n; i++ {
		d, err := durgen.Await(ctx, act, i)
		if err != nil { return 0, err }
		total += d
	}
	return total, nil
}`,
			entry:  "n",
			across: []string{"n total i"},
		},
		{
			name: "dead after the await is not hoisted; a use in a branch is",
			src: `func W(ctx durgen.Context, n int) (int, error) {
	before := n + 1
	x := n * 3
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return before, err
	}
	if n > 2 {
		return x, nil
	}
	return 0, nil
}`,
			entry:  "n",
			across: []string{"n before x"},
		},
		{
			name: "range key and value are defined each iteration",
			src: `func W(ctx durgen.Context, xs []int) (int, error) {
	sum := 0
	for i, x := range xs {
		if err := durgen.Sleep(ctx, time.Hour); err != nil {
			return 0, err
		}
		sum += i * x
	}
	return sum, nil
}`,
			entry:  "xs",
			across: []string{"sum i x"},
		},
		{
			name: "named results are used by a bare return",
			src: `func W(ctx durgen.Context, n int) (out int, err error) {
	out = n
	err = durgen.Sleep(ctx, time.Hour)
	return
}`,
			entry:  "n",
			across: []string{"out"},
		},
		{
			name: "assignment through an index keeps the slice and index live",
			src: `func W(ctx durgen.Context, n int) ([]int, error) {
	s := make([]int, 3)
	i := 1
	s[i], _ = durgen.Await(ctx, act, n)
	return s, nil
}`,
			entry:  "n",
			across: []string{"s i"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, info := check(t, tt.src)
			fns := Find(files, info)
			if len(fns) != 0 {
				t.Fatalf("found %d workflows without the directive", len(fns))
			}
			// Mark W by hand: the directive is tested separately.
			var w *Func
			for _, d := range files[0].Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "W" {
					fd.Doc = &ast.CommentGroup{List: []*ast.Comment{{Text: Directive}}}
				}
			}
			fns = Find(files, info)
			if len(fns) != 1 {
				t.Fatalf("found %d workflows, want 1", len(fns))
			}
			w = fns[0]
			if len(w.Awaits) != len(tt.across) {
				t.Fatalf("found %d awaits, want %d", len(w.Awaits), len(tt.across))
			}
			lv := Live(w, info)
			if got := names(lv.Entry); got != tt.entry {
				t.Errorf("live at entry: %q, want %q", got, tt.entry)
			}
			for i, aw := range w.Awaits {
				if got := names(lv.Across[aw.Call]); got != tt.across[i] {
					t.Errorf("live across await %d: %q, want %q", i+1, got, tt.across[i])
				}
			}
		})
	}
}

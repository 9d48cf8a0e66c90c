package workflow

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// checkSourceWith is checkSource with more imports, and src after a header
// of five lines.
func checkSourceWith(t *testing.T, imports, src string) (*token.FileSet, []Diagnostic) {
	t.Helper()
	fset := token.NewFileSet()
	full := "package p\nimport (\"context\"; \"time\"; \"github.com/durgen/durgen\"; " + imports + ")\nvar _ = time.Second\nfunc act(ctx context.Context, n int) (int, error) { return n, nil }\nvar _, _, _ = maps.Clone[map[int]int], slices.Clone[[]int], strings.Split\n" + src
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

// TestCheckShareCalls checks that the share check takes a call's result to
// share the storage of its receiver and arguments, unless the call is known
// to return storage of its own or the types cannot share.
func TestCheckShareCalls(t *testing.T) {
	const decls = `
type Tally struct{ N map[string]int }
func NewTally() Tally { return Tally{N: map[string]int{}} }
func (t Tally) Counts() map[string]int { return t.N }
func (t Tally) Load() (map[string]int, error) { return t.N, nil }
func (t Tally) Total() int { n := 0; for _, v := range t.N { n += v }; return n }
func keys(m map[string]int) []string { return nil }
type Batch struct{ Items []int }
func (b *Batch) Tail() []int { return b.Items[1:] }
type Counter struct{ N int }
func (c *Counter) Ref() *int { return &c.N }
`
	for _, tc := range []struct {
		name string
		src  string
		want []string // "line:col message prefix" of the alias diagnostics, in order
	}{
		{"a map a method hands out, written after the await", `
//durgen:workflow
func W(ctx durgen.Context, x int) (int, error) {
	t := NewTally()
	m := t.Counts()
	_, err := durgen.Await(ctx, act, x)
	m["k"]++
	return t.Total(), err
}`, []string{
			"20:2 m may share a map with t, as the result of t.Counts() at line 20, and both are live across durgen.Await at line 21: a checkpoint saves each on its own, so after a resume a write through one would not show in the other; call t.Counts() again after the await, or copy on purpose (slices.Clone, maps.Clone)",
		}},
		{"a slice a method hands out, written by index while the receiver is read", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	b := Batch{Items: []int{1, 2, 3}}
	tail := b.Tail()
	if err := durgen.Sleep(ctx, time.Second); err != nil {
		return 0, err
	}
	tail[0] = n
	return b.Items[1], nil
}`, []string{
			"20:2 tail may share a backing array with b, as the result of b.Tail() at line 20, and both are live across durgen.Sleep at line 21",
		}},
		{"a result of two, a pointer into a local struct, a shallow clone", `
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	t := NewTally()
	m, err := t.Load()
	var c Counter
	p := c.Ref()
	ps := []*int{new(int)}
	qs := slices.Clone(ps)
	durgen.Sleep(ctx, time.Second)
	m["k"] = n
	*p = n
	*qs[0] = 1
	return t.Total() + c.N + *ps[0], err
}`, []string{
			"20:2 m may share a map with t, as the result of t.Load() at line 20, and both are live across durgen.Sleep at line 25",
			"22:2 p may share a pointed-to value with c, as the result of c.Ref() at line 22",
			"24:2 qs may share the values its elements refer to with ps, as the result of slices.Clone(...) at line 24, and both are live across durgen.Sleep at line 25: a checkpoint saves each on its own, so after a resume a write through one would not show in the other; copy the elements too, or keep one variable",
		}},
		{"fresh results, types that cannot share, results dead before or sources dead after the await", `
//durgen:workflow
func W(ctx durgen.Context, line string) (int, error) {
	t := NewTally()
	fresh := make(map[string]int, len(t.N))
	clone := maps.Clone(t.N)
	parts := strings.Split(line, ",")
	names := keys(t.N)
	total := t.Total()
	before := t.Counts()
	before["k"]++
	var b Batch
	tail := b.Tail()
	durgen.Sleep(ctx, time.Second)
	fresh["k"]++
	clone["k"]++
	parts[0] = "x"
	names[0] = "y"
	tail[0] = total
	return t.Total() + len(parts) + len(names) + len(tail), nil
}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset, diags := checkSourceWith(t, `"maps"; "slices"; "strings"`, decls+strings.TrimPrefix(tc.src, "\n"))
			var got []string
			for _, d := range diags {
				if d.Check != CheckAlias {
					continue
				}
				p := fset.Position(d.Pos)
				got = append(got, itoa(p.Line)+":"+itoa(p.Column)+" "+d.Message)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d alias diagnostics, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("diagnostic %d:\ngot  %s\nwant %s...", i, got[i], tc.want[i])
				}
			}
		})
	}
}

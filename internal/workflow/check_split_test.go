package workflow

import (
	"strings"
	"testing"
)

// TestCheckSplitForms checks what the split check takes and refuses of the
// forms the generator rewrites before splitting: awaits in case
// expressions, in a for loop's init and post statements, on the left of
// assignments, in a type switch's guard and in a var group; and the
// operands the generator spills before an await that can share memory.
func TestCheckSplitForms(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string // "line:col message prefix" of the split diagnostics, in order
	}{
		{"case expressions, for init and post", `
func val(n int, err error) int { return n }
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	switch n {
	case val(durgen.Await(ctx, act, 1)), 2:
		n++
		fallthrough
	case val(durgen.Await(ctx, act, 3)):
	}
	switch {
	case n > val(durgen.Await(ctx, act, 4)):
	}
	for i, err := durgen.Await(ctx, act, n); err == nil && i < n; i, err = durgen.Await(ctx, act, i) {
	}
	for n = val(durgen.Await(ctx, act, n)); n < 3; durgen.Sleep(ctx, time.Second) {
		n++
	}
	return n, nil
}`, nil},
		{"an increment in the init or post, a send in the post", `
func val(n int, err error) int { return n }
//durgen:workflow
func W(ctx durgen.Context, n int, ch chan int) (int, error) {
	var a [4]int
	for a[val(durgen.Await(ctx, act, n))%4]++; n < 3; a[val(durgen.Await(ctx, act, n))%4]-- {
		n++
	}
	for ; n < 6; ch <- val(durgen.Await(ctx, act, n)) {
		n++
	}
	return a[0], nil
}`, []string{
			"12:25 await inside a send statement, a for loop's post statement, is not supported by the generator yet; await into a variable at the end of the loop body and before each continue",
		}},
		{"awaits on the left, a type switch guard, a var group", `
func val(n int, err error) int { return n }
type T struct{ xs []int; m map[int]int; p *int; arr [2]int }
func (t *T) next() int { return 0 }
func (t *T) at(i int) []int { return t.xs[i:] }
//durgen:workflow
func W(ctx durgen.Context, n int, t T) (int, error) {
	var err error
	t.xs[t.next()], err = durgen.Await(ctx, act, n)
	t.at(val(durgen.Await(ctx, act, n)))[0] = n
	t.m[val(durgen.Await(ctx, act, n))] += val(durgen.Await(ctx, act, t.next()))
	t.arr[val(durgen.Await(ctx, act, n))]++
	*t.p -= val(durgen.Await(ctx, act, n))
	switch v := any(val(durgen.Await(ctx, act, n))).(type) {
	case int:
		n += v
	}
	var (
		a = n
		b = val(durgen.Await(ctx, act, a))
	)
	return a + b, err
}`, nil},
		{"a slice, map or pointer made by a call on the left before an await", `
func val(n int, err error) int { return n }
type T struct{ xs []int; m map[int]int; p *int }
func (t *T) slice() []int { return t.xs }
func (t *T) ptr() *T { return t }
//durgen:workflow
func W(ctx durgen.Context, n int, t T) (int, error) {
	var err error
	t.slice()[n], err = durgen.Await(ctx, act, n)
	t.ptr().m[n] += val(durgen.Await(ctx, act, n))
	*t.ptr().p = val(durgen.Await(ctx, act, n))
	t.slice()[val(durgen.Await(ctx, act, n))]++
	t.slice()[n] = val(durgen.Await(ctx, act, n)) + t.slice()[0]
	return n, err
}`, []string{
			"12:2 t.slice() ([]int) on the left of this assignment is evaluated before the durgen.Await (line 12) and would be kept across it, but a copy restored after a restart does not share memory with the original",
			"13:2 t.ptr().m (map[int]int) on the left of this assignment is evaluated before the durgen.Await (line 13)",
			"14:3 t.ptr().p (*int) on the left of this assignment is evaluated before the durgen.Await (line 14)",
			"15:2 t.slice() ([]int) on the left of this assignment is evaluated before the durgen.Await (line 15)",
			"16:2 t.slice() ([]int) on the left of this assignment is evaluated before the durgen.Await (line 16)",
		}},
		{"an operand that can share memory, made by a call before an await", `
func val(n int, err error) int { return n }
type T struct{ xs []int; m map[int]int; p *int; ch chan int }
func (t *T) slice() []int { return t.xs }
func (t *T) counts() map[int]int { return t.m }
func (t *T) ptr() *T { return t }
func (t *T) add(n int) { t.xs = append(t.xs, n) }
func (t *T) any() any { return t.xs }
func (t *T) chn() chan int { return t.ch }
func (t *T) fn() func(int) { return t.add }
func record(m map[int]int, n int) { m[n]++ }
func use(vs ...any) {}
//durgen:workflow
func W(ctx durgen.Context, n int, t T) (int, error) {
	record(t.counts(), val(durgen.Await(ctx, act, n)))
	t.xs = append(t.slice(), val(durgen.Await(ctx, act, n)))
	t.ptr().add(val(durgen.Await(ctx, act, n)))
	same := t.ptr() == &T{xs: []int{val(durgen.Await(ctx, act, n))}}
	u := T{m: t.counts(), xs: []int{val(durgen.Await(ctx, act, n))}}
	ys := t.slice()[:val(durgen.Await(ctx, act, n))]
	a, b := t.counts(), val(durgen.Await(ctx, act, n))
	var c, d = t.ptr(), val(durgen.Await(ctx, act, n))
	use(t.any(), t.chn(), t.fn(), val(durgen.Await(ctx, act, n)))
	switch t.ptr() {
	case &T{xs: []int{val(durgen.Await(ctx, act, n))}}:
	}
	use(same, u, ys, a, b, c, d)
	return n, nil
}`, []string{
			"18:9 t.counts() (map[int]int), argument 1 of record, is evaluated before the durgen.Await (line 18) and would be kept across it, but a copy restored after a restart does not share memory with the original, so a write through one would not show in the other; assign it to a local in a statement of its own before this one",
			"19:16 t.slice() ([]int), argument 1 of append, is evaluated before the durgen.Await (line 19)",
			"20:2 t.ptr().add (func(n int)), the method value called, is evaluated before the durgen.Await (line 20)",
			"21:10 t.ptr() (*T), the left operand of ==, is evaluated before the durgen.Await (line 21)",
			"22:12 t.counts() (map[int]int), an element of this composite literal, is evaluated before the durgen.Await (line 22)",
			"23:8 t.slice() ([]int), the sliced value, is evaluated before the durgen.Await (line 23)",
			"24:10 t.counts() (map[int]int), value 1 on the right of this assignment, is evaluated before the durgen.Await (line 24)",
			"25:13 t.ptr() (*T), value 1 of this declaration, is evaluated before the durgen.Await (line 25)",
			"26:6 t.any() (any), argument 1 of use, is evaluated before the durgen.Await (line 26)",
			"26:15 t.chn() (chan int), argument 2 of use, is evaluated before the durgen.Await (line 26)",
			"26:24 t.fn() (func(int)), argument 3 of use, is evaluated before the durgen.Await (line 26)",
			"27:9 t.ptr() (*T), the tag of this switch, is evaluated before the durgen.Await (line 28)",
		}},
		{"operands that share no memory, or are not kept across an await", `
func val(n int, err error) int { return n }
type T struct{ xs []int; m map[int]int; p *int }
func (t *T) slice() []int { return t.xs }
func (t *T) ptr() *T { return t }
func (t *T) name() string { return "t" }
func (t *T) err() error { return nil }
func (t *T) when() time.Time { return time.Time{} }
func use(vs ...any) {}
func ptrs(p *T, n int) {}
//durgen:workflow
func W(ctx durgen.Context, n int, t T) (int, error) {
	use(t.name(), t.err(), t.when(), len(t.slice()), val(durgen.Await(ctx, act, n)))
	xs := t.slice()
	xs = append(xs, val(durgen.Await(ctx, act, n)))
	ys := append([]int{n, len(t.name())}, val(durgen.Await(ctx, act, n)))
	zs := append(make([]int, len(t.name())), val(durgen.Await(ctx, act, n)))
	k := t.slice()[val(durgen.Await(ctx, act, n))]
	ok := t.ptr() != nil && val(durgen.Await(ctx, act, n)) > 0
	ptrs(t.ptr(), val(durgen.Await(ctx, act, n)))
	use(val(durgen.Await(ctx, act, n)), t.slice(), t.ptr())
	p := t.ptr()
	switch p {
	case &T{xs: []int{val(durgen.Await(ctx, act, n))}}:
	}
	use(xs, ys, zs, k, ok)
	return n, nil
}`, []string{
			"23:7 t.ptr() (*T), argument 1 of ptrs, is evaluated before the durgen.Await (line 23)",
		}},
		{"a label goto and break both name on a type switch whose guard awaits", `
func val(n int, err error) int { return n }
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
L:
	switch any(val(durgen.Await(ctx, act, n))).(type) {
	case int:
		if n > 1 {
			break L
		}
		n--
		goto L
	}
	return n, nil
}`, []string{"8:1 label L is named by goto and by break or continue, but the generator moves this statement into a new block to bring its durgen.Await (line 9) out in front of it"}},
		{"a label goto and break both name on a statement moved into a block", `
func val(n int, err error) int { return n }
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
	if n > 5 {
		goto L
	}
L:
	for i := 0; i < n; i += val(durgen.Await(ctx, act, i)) {
		if i > 3 {
			break L
		}
	}
	return n, nil
}`, []string{"11:1 label L is named by goto and by break or continue, but the generator moves this statement into a new block to bring its durgen.Await (line 12) out in front of it"}},
		{"a label goto and break both name on a switch whose cases await", `
func val(n int, err error) int { return n }
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
L:
	switch n {
	case val(durgen.Await(ctx, act, n)):
		if n > 1 {
			break L
		}
		n--
		goto L
	}
	return n, nil
}`, []string{"8:1 label L is named by goto and by break or continue, but the generator moves this statement into a new block to bring its durgen.Await (line 10) out in front of it"}},
		{"a label only goto names, or only break", `
func val(n int, err error) int { return n }
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
G:
	for i := 0; i < n; i += val(durgen.Await(ctx, act, i)) {
		if i > 3 {
			n--
			goto G
		}
	}
B:
	for i := val(durgen.Await(ctx, act, n)); i < n; i++ {
		if i > 3 {
			break B
		}
	}
	return n, nil
}`, nil},
		{"a loop whose condition awaits stays where it is", `
func ok(b int, err error) bool { return b > 0 }
//durgen:workflow
func W(ctx durgen.Context, n int) (int, error) {
L:
	for ok(durgen.Await(ctx, act, n)) {
		n--
		if n == 2 {
			break L
		}
		goto L
	}
	return n, nil
}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset, diags := checkSource(t, tc.src)
			var got []string
			for _, d := range diags {
				// Which gotos the generator takes is another matter.
				if d.Check != CheckSplit || strings.HasPrefix(d.Message, "goto ") {
					continue
				}
				p := fset.Position(d.Pos)
				got = append(got, itoa(p.Line)+":"+itoa(p.Column)+" "+d.Message)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d split diagnostics, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("diagnostic %d:\ngot  %s\nwant %s...", i, got[i], tc.want[i])
				}
			}
		})
	}
}

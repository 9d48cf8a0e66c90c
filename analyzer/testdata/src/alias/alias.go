package alias

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

type Cart struct {
	Items []string
	Total int
}

func add(ctx context.Context, n int) (int, error) { return n + 1, nil }
func use(...any)                                  {}

//durgen:workflow
func PointerAndLocal(ctx durgen.Context, n int) (int, error) {
	total := 0
	p := &total // want `p holds the address of total and both are live across durgen\.Await \(line 22\); a resume restores them as two separate values, so writes through p would no longer reach total; take the address again after the await, or keep only one of them live across it`
	k, err := durgen.Await(ctx, add, n)
	*p += k
	return total, err
}

//durgen:workflow
func FieldPointer(ctx durgen.Context, n int) (int, error) {
	var cart Cart
	items := &cart.Items // want `items holds the address of cart and both are live across durgen\.Sleep \(line 31\)`
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	*items = append(*items, "x")
	return len(cart.Items), nil
}

//durgen:workflow
func TwoPointers(ctx durgen.Context, n int) (int, error) {
	x := n
	a := &x
	b := &x // want `a and b both hold the address of x and are live across durgen\.Sleep \(line 43\)`
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	*a = 1
	return *b, nil
}

// Not flagged below.

//durgen:workflow
func PointerAlone(ctx durgen.Context, n int) (int, error) {
	x := n
	p := &x
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	*p++
	return *p, nil
}

//durgen:workflow
func AddressBetweenAwaits(ctx durgen.Context, n int) (int, error) {
	k, err := durgen.Await(ctx, add, n)
	if err != nil {
		return 0, err
	}
	p := &k
	*p *= 2
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	return k, nil
}

//durgen:workflow
func AddressPassedByValue(ctx durgen.Context, n int) (int, error) {
	c := Cart{}
	size := count(&c)
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	use(c)
	return size, nil
}

func count(c *Cart) int { return len(c.Items) }

// Results of calls that may be storage of their receiver or arguments.

type Tally struct{ Counts map[string]int }

func NewTally() Tally                   { return Tally{Counts: map[string]int{}} }
func (t Tally) Map() map[string]int     { return t.Counts }
func (t Tally) Total() int              { return len(t.Counts) }
func (t Tally) Names() []string         { return nil }
func (c *Cart) Tail() []string          { return c.Items[1:] }
func firstItems(c Cart, n int) []string { return c.Items[:n] }

//durgen:workflow
func MapFromMethod(ctx durgen.Context, n int) (int, error) {
	t := NewTally()
	m := t.Map() // want `m may share a map with t, as the result of t\.Map\(\) at line 104, and both are live across durgen\.Await at line 105: a checkpoint saves each on its own, so after a resume a write through one would not show in the other; call t\.Map\(\) again after the await, or copy on purpose \(slices\.Clone, maps\.Clone\)`
	_, err := durgen.Await(ctx, add, n)
	m["k"]++
	return t.Total(), err
}

//durgen:workflow
func SliceFromFunction(ctx durgen.Context, n int) (int, error) {
	cart := Cart{Items: []string{"a", "b"}}
	items := firstItems(cart, 1) // want `items may share a backing array with cart, as the result of firstItems\(\.\.\.\) at line 113, and both are live across durgen\.Sleep at line 114`
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	items[0] = "c"
	return len(cart.Items), nil
}

//durgen:workflow
func NamesFromMethod(ctx durgen.Context, n int) (int, error) {
	t := NewTally()
	names := t.Names() // a []string is no part of a map[string]int
	_, err := durgen.Await(ctx, add, n)
	names[0] = "k"
	return t.Total(), err
}

//durgen:workflow
func SliceCalledAgain(ctx durgen.Context, n int) (int, error) {
	cart := Cart{Items: []string{"a", "b"}}
	items := cart.Tail()
	items[0] = "c"
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	cart.Tail()[0] = "d"
	return len(cart.Items), nil
}

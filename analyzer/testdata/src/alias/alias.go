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

// Package pointeralias: two pointer locals to one struct, both live across
// an await, and a struct holding a pointer another local shares: a write
// through one after the resume must show through the other (or the
// generator must refuse the program, as it does for &x).
package pointeralias

import (
	"fmt"
	"time"

	"github.com/durgen/durgen"
)

// Point is shared.
type Point struct {
	X, Y int
}

// Holder holds a point.
type Holder struct {
	P *Point
}

// Share writes through one name and reads through the other.
//
//durgen:workflow
func Share(ctx durgen.Context, n int) (string, error) {
	p := &Point{X: n}
	q := p
	h := Holder{P: p}
	durgen.Sleep(ctx, time.Second)
	q.X += 5
	h.P.Y = 7
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(*p, *q, *h.P, p == q), nil
}

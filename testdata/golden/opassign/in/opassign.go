// Package opassign: awaits in assignment operations and increments: the
// right side of +=, the index of a map or slice element updated with ++ or
// -=, and a struct field scaled by an awaited factor. The left side's index
// is evaluated once.
package opassign

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Slot is an activity: n modulo 3; it fails for negative n.
func Slot(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Slot", n)
	if n < 0 {
		return 0, errors.New("negative")
	}
	return n % 3, nil
}

// Totals is the workflow result.
type Totals struct {
	Sum    int            `json:"sum"`
	Counts map[int]int    `json:"counts"`
	Slots  [3]int         `json:"slots"`
	Scale  int            `json:"scale"`
	Names  map[string]int `json:"names"`
}

func val(n int, err error) int {
	if err != nil {
		return 2
	}
	return n
}

// Count updates totals in place.
//
//durgen:workflow
func Count(ctx durgen.Context, xs []int) (Totals, error) {
	t := Totals{Counts: map[int]int{}, Scale: 1, Names: map[string]int{}}
	for i := 0; i < len(xs); i++ {
		x := xs[i]
		t.Sum += val(durgen.Await(ctx, Slot, x))
		t.Counts[val(durgen.Await(ctx, Slot, x+1))]++
		t.Slots[val(durgen.Await(ctx, Slot, x+2))] -= x
		t.Scale *= val(durgen.Await(ctx, Slot, x)) + 2
		t.Names[fmt.Sprint("k", x%2)] += val(durgen.Await(ctx, Slot, t.Sum))
	}
	return t, nil
}

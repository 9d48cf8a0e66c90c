// Package zerovalues: values whose zero and empty forms differ and must
// survive a resume as they were: a nil slice and an empty one, a nil map
// and an empty one, a nil pointer and a pointer to a zero struct, an
// empty string, and a map with integer keys.
package zerovalues

import (
	"fmt"
	"time"

	"github.com/durgen/durgen"
)

// Point is a pointed-to value.
type Point struct {
	X, Y int
}

// Zeros keeps empty values across sleeps.
//
//durgen:workflow
func Zeros(ctx durgen.Context, n int) (string, error) {
	var nilSlice []int
	empty := []int{}
	var nilMap map[string]int
	emptyMap := map[string]int{}
	var nilPtr *Point
	zeroPtr := &Point{}
	byInt := map[int]string{n: "n", -n - 1: "neg"}
	durgen.Sleep(ctx, time.Second)
	zeroPtr.X = n
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(nilSlice == nil, empty == nil, len(empty), nilMap == nil, emptyMap == nil,
		nilPtr == nil, zeroPtr == nil, *zeroPtr, byInt), nil
}

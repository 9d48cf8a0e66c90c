// Package bigints: integers beyond 2^53 (which a float64 cannot hold
// exactly) live across awaits, in locals, a slice, a struct field and as
// map keys; they must come back exactly.
package bigints

import (
	"fmt"
	"math"
	"time"

	"github.com/durgen/durgen"
)

// Big holds a large value.
type Big struct {
	V int64 `json:"v"`
}

// Large keeps large integers across a sleep.
//
//durgen:workflow
func Large(ctx durgen.Context, n int) (string, error) {
	a := int64(math.MaxInt64) - int64(n)
	b := uint64(math.MaxUint64) - uint64(n)
	c := int64(math.MinInt64) + int64(n)
	xs := []int64{a, c, 1<<53 + 1}
	s := Big{V: 1<<62 + int64(n)}
	keys := map[int64]bool{1<<60 + 1: true}
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(a, b, c, xs, s, keys), nil
}

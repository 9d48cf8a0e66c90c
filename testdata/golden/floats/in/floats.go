// Package floats: float64 locals across awaits holding values JSON has no
// number for (+Inf, NaN) or loses the sign of (-0), and the largest uint64.
package floats

import (
	"fmt"
	"math"
	"time"

	"github.com/durgen/durgen"
)

// Special keeps special floats across a sleep.
//
//durgen:workflow
func Special(ctx durgen.Context, n int) (string, error) {
	inf := math.Inf(n - 1)
	nan := math.NaN()
	negZero := math.Copysign(0, -1)
	big := uint64(math.MaxUint64) - uint64(n)
	third := 1.0 / 3
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(inf, math.IsNaN(nan), math.Signbit(negZero), big, third*3 == 1, third), nil
}

// Package rangemapreassign: the range expression is evaluated once, so
// assigning a new map to the ranged variable in the body does not change
// the iteration: every key of the original map is visited with its original
// value. Before the variable is reassigned (in the first iteration, after
// an await) it still names the ranged map, so a delete through it of a key
// not yet visited is seen: that key is skipped.
package rangemapreassign

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Tick is an activity.
func Tick(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Tick", i)
	return i, nil
}

var partner = map[string]string{"a": "b", "b": "a", "c": "d", "d": "c"}

// Swap replaces the ranged map during the loop.
//
//durgen:workflow
func Swap(ctx durgen.Context, m map[string]int) (string, error) {
	visits, sum := 0, 0
	for k, v := range m {
		t, _ := durgen.Await(ctx, Tick, visits)
		delete(m, partner[k]) // the ranged map in the first iteration only
		m = map[string]int{"new": 1000}
		visits++
		sum += v + t
	}
	durgen.Sleep(ctx, time.Second)
	if len(m) > 0 {
		sum = 0 // depends on which keys were visited
	}
	return fmt.Sprint(visits, sum, m), nil
}

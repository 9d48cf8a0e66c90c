// Package rangemapadd: adding map entries during a range with awaits. Go
// may or may not visit an entry added during the loop; the body skips
// added keys before its await so that the result is the same either way,
// and after the loop every added entry is there.
package rangemapadd

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Count is an activity.
func Count(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Count", i)
	return i * 2, nil
}

// Grow adds a shadow entry for every entry while ranging.
//
//durgen:workflow
func Grow(ctx durgen.Context, m map[string]int) (string, error) {
	if m == nil {
		m = map[string]int{}
	}
	visits, sum := 0, 0
	for k, v := range m {
		if len(k) > 0 && k[0] == '+' {
			continue // an added key, maybe visited
		}
		m["+"+k] = v * 10
		c, _ := durgen.Await(ctx, Count, visits)
		durgen.Sleep(ctx, time.Minute)
		visits++
		sum += c + v
	}
	shadow := 0
	for k, v := range m {
		if k[0] == '+' {
			shadow += v
		}
	}
	return fmt.Sprint(visits, sum, len(m), shadow), nil
}

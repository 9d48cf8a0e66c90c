// Package rangemapvalues: a range over a map reads each value when it
// visits the key, so a write to an entry not yet visited is seen. Each
// visit adds 100 to every entry, so the value of the key visited p-th has
// grown by 100*p, and the sum of visited values does not depend on the
// order.
package rangemapvalues

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Seen is an activity.
func Seen(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Seen", i)
	return i, nil
}

// Bump ranges over m while bumping every entry.
//
//durgen:workflow
func Bump(ctx durgen.Context, m map[string]int) (string, error) {
	sum, p := 0, 0
	for _, v := range m {
		s, _ := durgen.Await(ctx, Seen, p)
		sum += v + s
		for k := range m {
			m[k] += 100
		}
		p++
	}
	total := 0
	for _, v := range m {
		total += v
	}
	return fmt.Sprint(sum, total), nil
}

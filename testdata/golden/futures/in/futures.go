// Package futures: activities started with durgen.Go and waited for in any
// order, futures kept in a slice and a map, and a signal received with
// durgen.Receive (sent before the receive in direct mode).
package futures

import (
	"context"
	"fmt"
	"sort"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Square is an activity.
func Square(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Square", n)
	return n * n, nil
}

// Fan starts n squares, waits for them in reverse order and by name.
//
//durgen:workflow
func Fan(ctx durgen.Context, n int) (string, error) {
	var fs []durgen.Future[int]
	for i := 0; i < n; i++ {
		fs = append(fs, durgen.Go(ctx, Square, i))
	}
	byName := map[string]durgen.Future[int]{"a": durgen.Go(ctx, Square, 10), "b": durgen.Go(ctx, Square, 20)}
	total := 0
	for i := len(fs) - 1; i >= 0; i-- {
		v, err := fs[i].Get(ctx)
		if err != nil {
			return "", err
		}
		total += v
	}
	var names []string
	for name := range byName {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v, _ := byName[name].Get(ctx)
		total += v
	}
	return fmt.Sprint(total), nil
}

// Package rangeexpr: range expressions that await, evaluated once before
// the first iteration (an activity call per evaluation shows in the trace),
// over a slice, a map and an integer, with awaits in the bodies too.
package rangeexpr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// List is an activity: the numbers below n; it fails for negative n.
func List(ctx context.Context, n int) ([]int, error) {
	trace.Record(ctx, "List", n)
	if n < 0 {
		return nil, errors.New("negative")
	}
	var xs []int
	for i := range n {
		xs = append(xs, i)
	}
	return xs, nil
}

// Index is an activity: a map of the numbers below n to their squares;
// it fails for 2.
func Index(ctx context.Context, n int) (map[int]int, error) {
	trace.Record(ctx, "Index", n)
	if n == 2 {
		return nil, errors.New("two")
	}
	m := map[int]int{}
	for i := range n {
		m[i] = i * i
	}
	return m, nil
}

// Count is an activity.
func Count(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Count", n)
	return n, nil
}

func list(xs []int, err error) []int { return xs }

func num(n int, err error) int { return n }

// Ranges ranges over awaited values.
//
//durgen:workflow
func Ranges(ctx durgen.Context, n int) (string, error) {
	sum := 0
	for _, x := range list(durgen.Await(ctx, List, n)) {
		durgen.Sleep(ctx, time.Second)
		sum += x
	}
	m, err := durgen.Await(ctx, Index, n)
	if err != nil {
		return "", err
	}
	for k, v := range m {
		durgen.Sleep(ctx, time.Second)
		sum += k + v
	}
	for i := range num(durgen.Await(ctx, Count, n)) {
		durgen.Await(ctx, Count, -i)
	}
	return fmt.Sprint(sum), nil
}

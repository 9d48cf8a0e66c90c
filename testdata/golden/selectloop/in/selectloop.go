// Package selectloop: a slice of futures of two result types, kept across
// awaits as []durgen.Awaitable and raced with durgen.Select until each has
// ended. The frame stores each Awaitable with its dynamic type, so the
// generated code registers the future types the workflow makes.
package selectloop

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Square is an activity.
func Square(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Square", n)
	return n * n, nil
}

// Label is an activity.
func Label(ctx context.Context, n int) (string, error) {
	trace.Record(ctx, "Label", n)
	return fmt.Sprint("#", n), nil
}

// Race waits for n squares, a label and a timer, in whatever order they end.
//
//durgen:workflow
func Race(ctx durgen.Context, n int) (string, error) {
	var pending []durgen.Awaitable
	squares := map[int]durgen.Future[int]{}
	for i := 0; i < n; i++ {
		f := durgen.Go(ctx, Square, i)
		squares[f.Step] = f
		pending = append(pending, f)
	}
	label := durgen.Go(ctx, Label, n)
	pending = append(pending, label, durgen.Timer(ctx, time.Hour))
	done := 0
	for len(pending) > 0 {
		i, err := durgen.Select(ctx, pending...)
		if err != nil {
			return "", err
		}
		pending = append(pending[:i], pending[i+1:]...)
		done++
		durgen.Sleep(ctx, time.Minute)
	}
	total := 0
	for _, f := range squares {
		v, err := f.Get(ctx)
		if err != nil {
			return "", err
		}
		total += v
	}
	l, err := label.Get(ctx)
	return fmt.Sprint(total, " ", l, " ", done), err
}

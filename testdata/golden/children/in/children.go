// Package children: a workflow that calls another workflow (a child
// instance, its result awaited), and durgen.Select of a finished future
// against a timer.
package children

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

// SumSquares is the child: it squares 0..n-1.
//
//durgen:workflow
func SumSquares(ctx durgen.Context, n int) (int, error) {
	total := 0
	for i := 0; i < n; i++ {
		s, err := durgen.Await(ctx, Square, i)
		if err != nil {
			return 0, err
		}
		total += s
	}
	return total, nil
}

// Parent calls the child twice and races a square against a timer.
//
//durgen:workflow
func Parent(ctx durgen.Context, n int) (string, error) {
	a, err := SumSquares(ctx, n)
	if err != nil {
		return "", err
	}
	b, err := SumSquares(ctx, n+1)
	if err != nil {
		return "", err
	}
	sq := durgen.Go(ctx, Square, n)
	v, _ := sq.Get(ctx)
	// The square is in: it wins the race against an hour's timer. (Races
	// that depend on timing are the runtime's tests, not a golden's.)
	timer := durgen.Timer(ctx, time.Hour)
	first, err := durgen.Select(ctx, sq, timer)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(a, b, first, v), nil
}

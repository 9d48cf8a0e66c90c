// Package deferloop: a deferred activity in a loop body defers one call per
// iteration, each with its iteration's argument; they all run at the return,
// last first, after the awaits that follow the loop, or at the error
// return from inside the loop.
package deferloop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Open is an activity; it fails for 3.
func Open(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Open", i)
	if i == 3 {
		return 0, errors.New("three")
	}
	return 100 + i, nil
}

// Close is an activity.
func Close(ctx context.Context, h int) (struct{}, error) {
	trace.Record(ctx, "Close", h)
	return struct{}{}, nil
}

// Handles opens n handles and closes them at the end.
//
//durgen:workflow
func Handles(ctx durgen.Context, n int) (string, error) {
	sum := 0
	for i := 0; i < n; i++ {
		h, err := durgen.Await(ctx, Open, i)
		if err != nil {
			return "", err
		}
		defer durgen.Await(ctx, Close, h)
		sum += h
	}
	durgen.Sleep(ctx, time.Hour)
	durgen.Await(ctx, Open, -1)
	return fmt.Sprint(sum), nil
}

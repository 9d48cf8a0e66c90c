// Package forwhile: condition-only loops with awaits in the body, one
// nested in the other, the inner one's condition reading a value the outer
// body awaited.
package forwhile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Halve is an activity; it fails for 6.
func Halve(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Halve", n)
	if n == 6 {
		return 0, errors.New("six")
	}
	return n / 2, nil
}

// Halvings halves n down to zero, and each step down to zero again.
//
//durgen:workflow
func Halvings(ctx durgen.Context, n int) (string, error) {
	steps := 0
	for n > 0 {
		h, err := durgen.Await(ctx, Halve, n)
		if err != nil {
			return "", err
		}
		m := h
		for m > 0 {
			durgen.Sleep(ctx, time.Second)
			m--
			steps++
		}
		n = h
	}
	return fmt.Sprint(n, steps), nil
}

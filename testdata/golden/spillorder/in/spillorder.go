// Package spillorder: calls to the left of an await in one expression run
// before it and calls to its right after it, as Go's left-to-right order of
// calls says: a counter's Next method (pointer receiver, so each call sees
// the last) around awaits, and durgen.Now on both sides of a Sleep.
package spillorder

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

// Counter hands out increasing numbers.
type Counter struct {
	N int `json:"n"`
}

// Next returns the next number.
func (c *Counter) Next() int { c.N++; return c.N }

func val(n int, err error) int { return n }

func elapsed(start time.Time, slept error, end time.Time) string {
	return fmt.Sprint(end.Sub(start).Round(time.Minute), slept)
}

// Order interleaves calls and awaits in single expressions.
//
//durgen:workflow
func Order(ctx durgen.Context, n int) (string, error) {
	c := Counter{N: n}
	a := fmt.Sprint(c.Next(), val(durgen.Await(ctx, Inc, c.N)), c.Next())
	b := c.Next()*100 + val(durgen.Await(ctx, Inc, c.Next())) + c.Next()
	d := elapsed(durgen.Now(ctx), durgen.Sleep(ctx, time.Hour), durgen.Now(ctx))
	return fmt.Sprint(a, " ", b, " ", d, " ", c.N), nil
}

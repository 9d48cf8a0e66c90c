// Package locals: := and var locals before, between and inside awaits; a
// shadowed name; a local dead at every await but used across cases; named
// results with a bare return.
package locals

import (
	"context"
	"strconv"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Itoa is an activity.
func Itoa(ctx context.Context, n int) (string, error) {
	trace.Record(ctx, "Itoa", n)
	return strconv.Itoa(n), nil
}

// Stats is a workflow result.
type Stats struct {
	Text  string
	Count int
}

// Locals declares locals in every position.
//
//durgen:workflow
func Locals(ctx durgen.Context, n int) (st Stats, err error) {
	var prefix string = "n="
	var count int
	label := "unused after the first await"
	_ = label
	s, err := durgen.Await(ctx, Itoa, n)
	if err != nil {
		return
	}
	st.Text = prefix + s
	var scratch int // dead at every await, used in two cases
	if n > 1 {
		scratch = n * 2
		durgen.Sleep(ctx, time.Minute)
		scratch++
	} else {
		scratch = -1
	}
	count += scratch
	{
		s := "inner" // shadows s
		durgen.Sleep(ctx, time.Minute)
		st.Text += "/" + s
	}
	for i := 0; i < n; i++ {
		x := i * i
		t, err := durgen.Await(ctx, Itoa, x)
		if err != nil {
			return st, err
		}
		st.Text += "," + t
		count++
	}
	st.Count = count
	return
}

// Errs returns only an error, the last one an await's.
//
//durgen:workflow
func Errs(ctx durgen.Context, n int) error {
	if n < 0 {
		return nil
	}
	if _, err := durgen.Await(ctx, Itoa, n); err != nil {
		return err
	}
	return durgen.Sleep(ctx, time.Second)
}

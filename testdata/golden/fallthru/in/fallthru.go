// Package fallthru: fallthrough from a clause that awaits into a clause
// that awaits, a chain of two fallthroughs, and a fallthrough into default after
// an await.
package fallthru

import (
	"context"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Step is an activity.
func Step(ctx context.Context, name string) (string, error) {
	trace.Record(ctx, "Step", name)
	return "[" + name + "]", nil
}

// Stages runs the stages from n on.
//
//durgen:workflow
func Stages(ctx durgen.Context, n int) (string, error) {
	out := ""
	switch n {
	case 0:
		s, _ := durgen.Await(ctx, Step, "zero")
		out += s
		fallthrough
	case 1:
		durgen.Sleep(ctx, time.Minute)
		out += "one"
		fallthrough
	case 2:
		s, _ := durgen.Await(ctx, Step, "two")
		out += s
	case 3:
		s, _ := durgen.Await(ctx, Step, "three")
		out += s
		fallthrough
	default:
		s, _ := durgen.Await(ctx, Step, "default")
		out += s
	}
	return out, nil
}

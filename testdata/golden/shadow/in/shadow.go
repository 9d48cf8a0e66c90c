// Package shadow: one name declared in four nested scopes (function,
// block, if init, loop body), each live across an await in its scope, so
// each needs its own frame field; the outer values must be intact when the
// inner scopes end.
package shadow

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Twice is an activity.
func Twice(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Twice", s)
	return s + s, nil
}

// Layers shadows v at every level.
//
//durgen:workflow
func Layers(ctx durgen.Context, v string) (string, error) {
	out := ""
	{
		v := v + "-block"
		durgen.Sleep(ctx, time.Second)
		out += v + ";"
	}
	if v, err := durgen.Await(ctx, Twice, v); err == nil {
		durgen.Sleep(ctx, time.Second)
		out += v + ";"
		for i := 0; i < 2; i++ {
			v := fmt.Sprint(v, i)
			t, _ := durgen.Await(ctx, Twice, v)
			out += v + "=" + t + ";"
		}
		out += v + ";"
	}
	durgen.Sleep(ctx, time.Second)
	return out + v, nil
}

// Package pkgshadow: a local named machine, like the runtime package the
// generated code calls, that is dead at every await and so stays a plain
// Go variable in the generated code, in a segment that ends with an await.
package pkgshadow

import (
	"context"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

// Shadow declares machine between awaits.
//
//durgen:workflow
func Shadow(ctx durgen.Context, n int) (int, error) {
	{
		machine := n * 2
		n += machine
		durgen.Sleep(ctx, time.Second)
	}
	r, err := durgen.Await(ctx, Inc, n)
	return r, err
}

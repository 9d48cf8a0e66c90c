// Package identshadow: identifiers spelled like hoisted locals but naming
// something else: a closure parameter and a closure local with a hoisted
// local's name, a struct field and a composite-literal key spelled the
// same, a method named like a local, and a label; only the uses of the
// locals themselves may become frame fields.
package identshadow

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Echo", n)
	return n, nil
}

// T has fields named like the workflow's locals.
type T struct {
	n     int
	total int
}

func (t T) total2() int { return t.total * 2 }

// Names reuses the spelling of its locals.
//
//durgen:workflow
func Names(ctx durgen.Context, n int) (string, error) {
	total := n
	e, _ := durgen.Await(ctx, Echo, n)
	double := func(n int) int { return n * 2 }
	sum := func() int {
		total := 1000
		return total + e
	}
	t := T{n: total, total: e}
	total += double(3) + sum() + t.n + t.total2()
	durgen.Sleep(ctx, time.Second)
total:
	for n := 0; n < 3; n++ {
		if n == 1 {
			break total
		}
		total += n
	}
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(n, total, e), nil
}

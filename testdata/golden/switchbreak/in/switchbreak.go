// Package switchbreak: break inside a switch inside a loop leaves the
// switch only; a labelled break leaves the loop and a continue from a
// switch clause goes to the loop's next iteration, each after an await.
package switchbreak

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Probe is an activity; it fails for 9.
func Probe(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Probe", n)
	if n == 9 {
		return 0, errors.New("nine")
	}
	return n % 4, nil
}

// Scan probes 0..n-1 and reacts to each answer.
//
//durgen:workflow
func Scan(ctx durgen.Context, n int) (string, error) {
	out := ""
loop:
	for i := 0; i < n; i++ {
		r, err := durgen.Await(ctx, Probe, i)
		switch {
		case err != nil:
			out += "E"
			break loop
		case r == 0:
			if i > 4 {
				break
			}
			out += "0"
		case r == 1:
			durgen.Await(ctx, Probe, 100+i)
			continue
		case r == 3:
			out += "3"
			break
		}
		out += fmt.Sprint(i)
	}
	return out, nil
}

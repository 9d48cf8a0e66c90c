// Package labelbreak: labelled break across nested loops and switches:
// from a switch inside an inner loop to the outer loop, from an inner loop
// to a labelled switch around it, each after an await.
package labelbreak

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Probe is an activity: i*j modulo 5.
func Probe(ctx context.Context, in IJ) (int, error) {
	trace.Record(ctx, "Probe", in)
	return in.I * in.J % 5, nil
}

// IJ is Probe's input.
type IJ struct {
	I, J int
}

// Search probes a grid and leaves it in several ways.
//
//durgen:workflow
func Search(ctx durgen.Context, n int) (string, error) {
	out := ""
rows:
	for i := 1; i <= n; i++ {
		for j := 1; j <= n; j++ {
			p, _ := durgen.Await(ctx, Probe, IJ{i, j})
			switch {
			case p == 4 && i == 3:
				out += fmt.Sprint("four@", i, j, " ")
				break rows
			case p == 3:
				break // the switch only
			case p == 0:
				durgen.Sleep(ctx, time.Second)
				out += "z"
			}
			out += fmt.Sprint(p)
		}
		out += "|"
	}
mode:
	switch {
	case n > 2:
		for k := 0; k < n-2; k++ {
			p, _ := durgen.Await(ctx, Probe, IJ{k, 3})
			if p == 1 {
				out += " one"
				break mode
			}
		}
		out += " no one"
	default:
		out += " small"
	}
	return out, nil
}

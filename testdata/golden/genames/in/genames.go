// Package genames: locals whose names the generated code might also want:
// tmp1 and tmp2 (the generator's temporaries), f and fr (frame receivers),
// machine (the runtime package), PC and Label (the fields of the embedded
// machine.Label), and x next to X (the same field name once capitalized),
// all live across awaits that sit inside expressions.
package genames

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

func val(n int, err error) int { return n }

// Clash uses names that the generator uses too.
//
//durgen:workflow
func Clash(ctx durgen.Context, n int) (string, error) {
	tmp1, tmp2 := n, n*2
	f, fr := "f", "fr"
	machine := []int{n}
	PC, Label := 100, "label"
	x, X := 1, 2
	s := val(durgen.Await(ctx, Inc, tmp1)) + val(durgen.Await(ctx, Inc, tmp2))
	durgen.Sleep(ctx, time.Second)
	machine = append(machine, s+PC)
	if val(durgen.Await(ctx, Inc, x)) >= X && durgen.Sleep(ctx, time.Second) == nil {
		x, X = X, x
	}
	return fmt.Sprint(tmp1, tmp2, f, fr, machine, PC, Label, x, X, s), nil
}

// Package bugandand: the prior art's second bug. The right side of && reads
// through a pointer, or indexes a slice, that the left side checks; hoisting
// the await on the right ahead of the check dereferences nil or indexes out
// of range. The || form guards the same way.
package bugandand

import (
	"context"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Check is an activity: true for strings of three or more bytes.
func Check(ctx context.Context, s string) (bool, error) {
	trace.Record(ctx, "Check", s)
	return len(s) >= 3, nil
}

// Plan is an optional part of the input.
type Plan struct {
	Delay int    `json:"delay"`
	Name  string `json:"name"`
}

// Input is the workflow input.
type Input struct {
	Plan  *Plan    `json:"plan"`
	Items []string `json:"items"`
}

func ok(b bool, err error) bool { return b && err == nil }

// Guarded awaits only behind guards.
//
//durgen:workflow
func Guarded(ctx durgen.Context, in Input) (string, error) {
	p, items := in.Plan, in.Items
	out := ""
	if p != nil && durgen.Sleep(ctx, time.Duration(p.Delay)*time.Second) == nil {
		out += "slept "
	}
	if len(items) > 0 && ok(durgen.Await(ctx, Check, items[0])) {
		out += "first "
	}
	if p == nil || ok(durgen.Await(ctx, Check, p.Name)) {
		out += "named "
	}
	if len(items) > 1 && items[1] != "" && ok(durgen.Await(ctx, Check, items[1][1:])) {
		out += "second"
	}
	return out, nil
}

// Package forms: the three forms of for loop with awaits, continue and break
// (labelled too), and a user loop without awaits inside a lowered one.
package forms

import (
	"context"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Poll is an activity: it reports done once the attempt reaches the target.
func Poll(ctx context.Context, in PollIn) (bool, error) {
	trace.Record(ctx, "Poll", in)
	return in.Attempt >= in.Target, nil
}

// PollIn is Poll's input.
type PollIn struct {
	Attempt, Target int
}

// Add is an activity.
func Add(ctx context.Context, xs []int) (int, error) {
	trace.Record(ctx, "Add", xs)
	s := 0
	for _, x := range xs {
		s += x
	}
	return s, nil
}

// Loops runs each loop form.
//
//durgen:workflow
func Loops(ctx durgen.Context, target int) ([]int, error) {
	var out []int

	// Infinite loop left by break.
	attempt := 0
	for {
		attempt++
		done, err := durgen.Await(ctx, Poll, PollIn{attempt, target})
		if err != nil {
			return nil, err
		}
		if done {
			break
		}
		durgen.Sleep(ctx, 30*time.Minute)
	}
	out = append(out, attempt)

	// Condition-only loop.
	n := target
	for n > 0 {
		durgen.Sleep(ctx, time.Second)
		n -= 2
	}
	out = append(out, n)

	// Three-clause loops, nested, with continue, labelled break and a
	// plain loop (no await) inside.
	sum := 0
outer:
	for i := 0; i < 4; i++ {
		if i == 1 {
			continue
		}
		for j := i; j < 4; j++ {
			var row []int
			for k := 0; k <= j; k++ {
				if k == 3 {
					continue outer
				}
				row = append(row, k)
			}
			s, err := durgen.Await(ctx, Add, row)
			if err != nil {
				return nil, err
			}
			sum += s
			if sum > 10*target {
				break outer
			}
		}
	}
	out = append(out, sum)
	return out, nil
}

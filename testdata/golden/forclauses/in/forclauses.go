// Package forclauses: a loop whose init, condition and post statement all
// await. The init runs once; the condition before every iteration; the
// post after every iteration, after a continue too (and a continue of the
// loop's label from an inner loop), but not after a break. The inner loop's
// init awaits and assigns a variable declared before it.
package forclauses

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Begin is an activity: where to start; it fails for negative n.
func Begin(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Begin", n)
	if n < 0 {
		return 0, errors.New("negative")
	}
	return n % 3, nil
}

// Below is an activity: whether i is below limit.
func Below(ctx context.Context, in Pos) (bool, error) {
	trace.Record(ctx, "Below", in)
	return in.I < in.Limit, nil
}

// Pos is Below's input.
type Pos struct {
	I, Limit int
}

// Advance is an activity: the next i; it fails at 10.
func Advance(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Advance", i)
	if i == 10 {
		return 0, errors.New("seven")
	}
	return i + 1, nil
}

func ok(b bool, err error) bool { return b && err == nil }

// Poll walks from an awaited start to an awaited limit.
//
//durgen:workflow
func Poll(ctx durgen.Context, n int) (string, error) {
	var log []string
	var j int
outer:
	for i, err := durgen.Await(ctx, Begin, n); err == nil && ok(durgen.Await(ctx, Below, Pos{i, n})); i, err = durgen.Await(ctx, Advance, i) {
		if i%4 == 1 {
			log = append(log, "odd")
			continue
		}
		for j, _ = durgen.Await(ctx, Begin, i); j < 3; j++ {
			if i == 8 && n > 20 {
				log = append(log, "big")
				break outer
			}
			if j == 2 && i > 3 {
				continue outer
			}
		}
		log = append(log, fmt.Sprint(i, j))
	}
	return strings.Join(log, " "), nil
}

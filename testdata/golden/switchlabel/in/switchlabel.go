// Package switchlabel: labelled switches whose case expressions await,
// inside a loop. break L leaves the switch from a clause and from a loop in
// a clause, continue goes round the enclosing loop, clauses fall through
// (a clause that awaits too) into the next one in source order, default
// stands in the middle, and a switch's init declares a name that the code
// after the switch declares again.
package switchlabel

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Score is an activity: a score for a word; it fails for "".
func Score(ctx context.Context, w string) (int, error) {
	trace.Record(ctx, "Score", w)
	if w == "" {
		return 0, errors.New("empty word")
	}
	return len(w) % 4, nil
}

func val(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// Judge scores words.
//
//durgen:workflow
func Judge(ctx durgen.Context, words []string) (string, error) {
	out := ""
	for i, w := range words {
	L:
		switch i % 4 {
		case val(durgen.Await(ctx, Score, w)):
			out += "same "
			fallthrough
		case val(durgen.Await(ctx, Score, w+"!")), len(w):
			for j := 0; j < 3; j++ {
				if val(durgen.Await(ctx, Score, w[:j])) < 0 {
					out += "empty "
					break L
				}
				out += "+"
			}
			fallthrough
		default:
			out += "default "
			if w == "skip" {
				continue
			}
		case val(durgen.Await(ctx, Score, "x"+w)) + 1:
			out += "x "
			if i > 2 {
				break L
			}
			out += "small "
		}
		out += fmt.Sprint(i, "; ")
	}
	switch n := len(words); {
	case n == 0:
		out += "none"
	case n < val(durgen.Await(ctx, Score, out)):
		out += "few"
	}
	n := len(out)
	return fmt.Sprint(out, " ", n), nil
}

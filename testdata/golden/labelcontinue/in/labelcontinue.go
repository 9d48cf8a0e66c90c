// Package labelcontinue: labelled continue of an outer loop from inside a
// switch and a range in an inner loop, after an await; the outer loop's
// post statement runs, and the inner loop starts over.
package labelcontinue

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Kind is an activity: the kind of a word.
func Kind(ctx context.Context, w string) (string, error) {
	trace.Record(ctx, "Kind", w)
	switch {
	case w == "":
		return "empty", nil
	case w[0] == '#':
		return "comment", nil
	}
	return "word", nil
}

// Lines counts words per line, skipping a line at its first comment.
//
//durgen:workflow
func Lines(ctx durgen.Context, lines [][]string) (string, error) {
	var counts []int
	skipped := 0
lines:
	for li := 0; li < len(lines); li, skipped = li+1, skipped+1 {
		n := 0
		for _, w := range lines[li] {
			k, _ := durgen.Await(ctx, Kind, w)
			switch k {
			case "comment":
				counts = append(counts, -n)
				continue lines
			case "empty":
				continue
			}
			n++
		}
		counts = append(counts, n)
		skipped--
	}
	return fmt.Sprint(counts, skipped), nil
}

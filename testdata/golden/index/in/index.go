// Package index: awaits inside index and slice expressions: the index of a
// slice, a map key, a two-level index, and slice bounds.
package index

import (
	"context"
	"errors"
	"strings"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Mod is an activity: n modulo the length; it fails for a length of 13.
func Mod(ctx context.Context, in ModIn) (int, error) {
	trace.Record(ctx, "Mod", in)
	if in.Len == 13 {
		return 0, errors.New("unlucky length")
	}
	return in.N % in.Len, nil
}

// ModIn is Mod's input.
type ModIn struct {
	N, Len int
}

// Input is the workflow input.
type Input struct {
	Words []string `json:"words"`
	Seed  int      `json:"seed"`
}

func at(n int, err error) int {
	if err != nil {
		return 0
	}
	return n
}

// Pick picks words at awaited positions.
//
//durgen:workflow
func Pick(ctx durgen.Context, in Input) (string, error) {
	xs := in.Words
	if len(xs) == 0 {
		return "", errors.New("no words")
	}
	w := xs[at(durgen.Await(ctx, Mod, ModIn{in.Seed, len(xs)}))]
	counts := map[string]int{}
	for _, x := range xs {
		counts[x] = len(x)
	}
	c := counts[xs[at(durgen.Await(ctx, Mod, ModIn{in.Seed + 1, len(xs)}))]]
	grid := [][]string{xs, {w, w + w}}
	g := grid[at(durgen.Await(ctx, Mod, ModIn{in.Seed, 2}))][at(durgen.Await(ctx, Mod, ModIn{in.Seed, 2}))]
	tail := strings.Join(xs[at(durgen.Await(ctx, Mod, ModIn{in.Seed, len(xs)})):], ",")
	return strings.Repeat(w, c%3+1) + " " + g + " " + tail, nil
}

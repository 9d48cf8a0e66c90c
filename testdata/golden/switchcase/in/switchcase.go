// Package switchcase: case expressions that await. Cases are evaluated top
// to bottom and left to right, and only until one matches: the trace shows
// that no case after the match is evaluated.
package switchcase

import (
	"context"
	"errors"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Limit is an activity: the limit of a tier; it fails for "none".
func Limit(ctx context.Context, tier string) (int, error) {
	trace.Record(ctx, "Limit", tier)
	switch tier {
	case "low":
		return 10, nil
	case "mid":
		return 50, nil
	case "high":
		return 100, nil
	}
	return 0, errors.New("no tier " + tier)
}

func val(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// Tier names the tier whose limit n is, and the first limit above n.
//
//durgen:workflow
func Tier(ctx durgen.Context, n int) (string, error) {
	out := ""
	switch n {
	case val(durgen.Await(ctx, Limit, "low")):
		out = "low"
	case val(durgen.Await(ctx, Limit, "mid")), val(durgen.Await(ctx, Limit, "high")):
		out = "mid-or-high"
	case val(durgen.Await(ctx, Limit, "none")):
		out = "none"
	default:
		out = "other"
	}
	switch {
	case n < val(durgen.Await(ctx, Limit, "low")):
		out += " <low"
	case n < val(durgen.Await(ctx, Limit, "high")):
		out += " <high"
	}
	return out, nil
}

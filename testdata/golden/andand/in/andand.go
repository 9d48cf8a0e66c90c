// Package andand: && whose operands await stays short-circuit: the right
// side's await runs only when the left side is true, in an if condition, an
// assignment and a chain of three.
package andand

import (
	"context"
	"errors"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Allowed is an activity: true for strings of even length; it fails for
// "boom".
func Allowed(ctx context.Context, s string) (bool, error) {
	trace.Record(ctx, "Allowed", s)
	if s == "boom" {
		return false, errors.New("boom")
	}
	return len(s)%2 == 0, nil
}

// Triple is the workflow input.
type Triple struct {
	A, B, C string
}

func ok(b bool, err error) bool { return b && err == nil }

// Both reports which conjunctions hold.
//
//durgen:workflow
func Both(ctx durgen.Context, in Triple) ([]string, error) {
	var out []string
	if ok(durgen.Await(ctx, Allowed, in.A)) && ok(durgen.Await(ctx, Allowed, in.B)) {
		out = append(out, "a&b")
	}
	x := in.A != "" && ok(durgen.Await(ctx, Allowed, in.A+in.B))
	y := ok(durgen.Await(ctx, Allowed, in.C)) && ok(durgen.Await(ctx, Allowed, in.B)) && ok(durgen.Await(ctx, Allowed, in.A))
	if x {
		out = append(out, "x")
	}
	if y {
		out = append(out, "y")
	}
	if !ok(durgen.Await(ctx, Allowed, in.B)) && len(out) == 0 {
		out = append(out, "none")
	}
	return out, nil
}

// Package oror: || whose operands await stays short-circuit: the right
// side's await runs only when the left side is false; mixed with && and !.
package oror

import (
	"context"
	"errors"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Known is an activity: true for names starting with "k"; it fails for "".
func Known(ctx context.Context, s string) (bool, error) {
	trace.Record(ctx, "Known", s)
	if s == "" {
		return false, errors.New("empty name")
	}
	return s[0] == 'k', nil
}

// Names is the workflow input.
type Names struct {
	A, B, C string
}

func ok(b bool, err error) bool { return b && err == nil }

// Either reports which disjunctions hold.
//
//durgen:workflow
func Either(ctx durgen.Context, in Names) ([]string, error) {
	var out []string
	if ok(durgen.Await(ctx, Known, in.A)) || ok(durgen.Await(ctx, Known, in.B)) {
		out = append(out, "a|b")
	}
	cached := in.C == "cached"
	if cached || ok(durgen.Await(ctx, Known, in.C)) {
		out = append(out, "c")
	}
	mixed := ok(durgen.Await(ctx, Known, in.A)) || ok(durgen.Await(ctx, Known, in.B)) && ok(durgen.Await(ctx, Known, in.C))
	neg := !ok(durgen.Await(ctx, Known, in.B)) || !ok(durgen.Await(ctx, Known, in.C))
	if mixed {
		out = append(out, "mixed")
	}
	if neg {
		out = append(out, "neg")
	}
	return out, nil
}

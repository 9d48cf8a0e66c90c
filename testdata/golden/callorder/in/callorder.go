// Package callorder: several awaits in the arguments of one call run left to
// right, once each, with the plain arguments between them evaluated in
// place; the activity trace shows the order.
package callorder

import (
	"context"
	"errors"
	"strings"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Tag is an activity; it fails for the empty string.
func Tag(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Tag", s)
	if s == "" {
		return "", errors.New("empty tag")
	}
	return "<" + s + ">", nil
}

// Words is the workflow input.
type Words struct {
	A, B, C string
}

func must(s string, err error) string {
	if err != nil {
		return "!" + err.Error()
	}
	return s
}

func join(parts ...string) string { return strings.Join(parts, "|") }

// Order tags its words in argument order.
//
//durgen:workflow
func Order(ctx durgen.Context, w Words) (string, error) {
	s := join(must(durgen.Await(ctx, Tag, w.A)), strings.ToUpper(w.B), must(durgen.Await(ctx, Tag, w.C)))
	n := len(join(w.A, must(durgen.Await(ctx, Tag, s)), must(durgen.Await(ctx, Tag, w.B+w.C)), w.C))
	return join(s, strings.Repeat("#", n%7)), nil
}

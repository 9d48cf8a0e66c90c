// Package bugrangevar: the prior art's third bug in range loops. The key
// and value variables of a range are new in every iteration (Go 1.22), as
// is a variable declared in the body; closures made in iterations that do
// not await, and called in a later iteration before its await, must each
// see their own iteration's variables.
package bugrangevar

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Echo", s)
	return s, nil
}

// Batches echoes words in batches of three.
//
//durgen:workflow
func Batches(ctx durgen.Context, words []string) (string, error) {
	var fs []func() string
	var out []string
	for i, w := range words {
		tag := fmt.Sprint(i, ":", w)
		if i%3 == 2 {
			for _, f := range fs {
				out = append(out, f())
			}
			e, _ := durgen.Await(ctx, Echo, tag)
			out = append(out, e, w)
			fs = nil
			continue
		}
		fs = append(fs, func() string { return fmt.Sprint(i, w, tag) })
	}
	for n := range len(words) {
		fs = append(fs, func() string { return fmt.Sprint(n) })
		if n%2 == 1 {
			for _, f := range fs {
				out = append(out, f())
			}
			durgen.Await(ctx, Echo, "int")
			fs = nil
		}
	}
	return fmt.Sprint(out), nil
}

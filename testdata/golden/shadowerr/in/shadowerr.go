// Package shadowerr: the err idiom: an outer err, an err shadowed by :=
// in an if init and in a block, each compared and returned after awaits,
// and an outer err that must still be the outer one afterwards.
package shadowerr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Parse is an activity; it fails for negative n.
func Parse(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Parse", n)
	if n < 0 {
		return 0, fmt.Errorf("parse %d: negative", n)
	}
	return n * 2, nil
}

// Errs threads errors through shadowed names.
//
//durgen:workflow
func Errs(ctx durgen.Context, n int) (string, error) {
	x, err := durgen.Await(ctx, Parse, n)
	out := fmt.Sprint(x)
	if y, err := durgen.Await(ctx, Parse, n-3); err != nil {
		durgen.Sleep(ctx, time.Second)
		out += " inner:" + err.Error()
	} else {
		out += fmt.Sprint(" y=", y)
	}
	{
		_, err := durgen.Await(ctx, Parse, n-1)
		durgen.Sleep(ctx, time.Second)
		if err != nil {
			out += " block:" + err.Error()
		}
	}
	if err != nil {
		return "", errors.Join(errors.New(out), err)
	}
	return out, nil
}

// Package returnawait: awaits in return statements: the whole result, the
// error result of a two-result return, inside an expression of the result,
// and several awaits in one return; and a workflow returning only the error
// of a Sleep.
package returnawait

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Name is an activity; it fails for 13.
func Name(ctx context.Context, n int) (string, error) {
	trace.Record(ctx, "Name", n)
	if n == 13 {
		return "", errors.New("unlucky")
	}
	return fmt.Sprintf("n%d", n), nil
}

func str(s string, err error) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// Returns returns awaits from each branch.
//
//durgen:workflow
func Returns(ctx durgen.Context, n int) (string, error) {
	switch {
	case n < 0:
		return durgen.Await(ctx, Name, -n)
	case n == 0:
		return "zero", durgen.Sleep(ctx, time.Minute)
	case n > 10:
		return strings.ToUpper(str(durgen.Await(ctx, Name, n))), nil
	}
	return fmt.Sprint(n, str(durgen.Await(ctx, Name, n)), str(durgen.Await(ctx, Name, n+12))), durgen.Sleep(ctx, time.Second)
}

// Wait returns the error of its last sleep.
//
//durgen:workflow
func Wait(ctx durgen.Context, n int) error {
	if n > 0 {
		return durgen.Sleep(ctx, time.Duration(n)*time.Second)
	}
	return errors.New(str(durgen.Await(ctx, Name, n)))
}

// Package defaultmid: default in the middle of a switch. The cases after
// default are still tried (their awaiting expressions evaluated) before
// default runs; a case before default falls through into it.
package defaultmid

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Code is an activity: the code of a name; it fails for "".
func Code(ctx context.Context, name string) (int, error) {
	trace.Record(ctx, "Code", name)
	if name == "" {
		return 0, errors.New("empty name")
	}
	return len(name), nil
}

func val(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// Match matches n against codes, with default in the middle.
//
//durgen:workflow
func Match(ctx durgen.Context, n int) (string, error) {
	out := ""
	switch n {
	case val(durgen.Await(ctx, Code, "a")):
		out = "a"
		fallthrough
	default:
		durgen.Sleep(ctx, time.Minute)
		out += "default"
	case val(durgen.Await(ctx, Code, "bbb")):
		c, _ := durgen.Await(ctx, Code, "again")
		out = fmt.Sprint("bbb ", c)
	case val(durgen.Await(ctx, Code, "")):
		out = "empty"
	}
	switch {
	case n > 3:
		out += " big"
	default:
		c, _ := durgen.Await(ctx, Code, out)
		out += fmt.Sprint(" small ", c)
	case n == 0:
		out += " zero"
	}
	return out, nil
}

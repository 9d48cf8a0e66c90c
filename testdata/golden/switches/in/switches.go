// Package switches: expression and type switches whose clauses await, with
// init statements, default in the middle, break out of a switch, fallthrough
// between clauses that do not await, and a switch inside a loop.
package switches

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Echo", s)
	return "<" + s + ">", nil
}

// Classify switches on n in several ways.
//
//durgen:workflow
func Classify(ctx durgen.Context, n int) (string, error) {
	out := ""
	switch m := n % 4; m {
	case 0:
		s, err := durgen.Await(ctx, Echo, "zero")
		if err != nil {
			return "", err
		}
		out += s
	default:
		out += "other"
		if n > 10 {
			break
		}
		durgen.Sleep(ctx, time.Minute)
		out += "-slept"
	case 1, 2:
		out += fmt.Sprint(m)
		fallthrough
	case 3:
		out += "!"
	}
	var v any = n
	if n%2 == 1 {
		v = fmt.Sprint(n)
	}
	switch x := v.(type) {
	case int:
		s, err := durgen.Await(ctx, Echo, fmt.Sprint("int ", x))
		if err != nil {
			return "", err
		}
		out += s + fmt.Sprint(x+1)
	case string:
		durgen.Sleep(ctx, time.Second)
		out += " string " + x
	}
	for i := 0; i < 3; i++ {
		switch {
		case i == n%3:
			continue
		case i > n:
			s, _ := durgen.Await(ctx, Echo, fmt.Sprint(i))
			out += s
			break
		}
		out += "."
	}
	return out, nil
}

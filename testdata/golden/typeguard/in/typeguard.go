// Package typeguard: a type switch whose guard awaits (the switched value is
// built from an await's results), with an error clause whose error is kept
// across a Sleep and returned, and a type switch without a bound variable.
package typeguard

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Decode is an activity; it fails for "".
func Decode(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Decode", s)
	if s == "" {
		return "", errors.New("nothing to decode")
	}
	return s, nil
}

func parse(s string, err error) any {
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return s
}

// Parse decodes s and acts on the type of the result.
//
//durgen:workflow
func Parse(ctx durgen.Context, s string) (string, error) {
	switch v := parse(durgen.Await(ctx, Decode, s)).(type) {
	case error:
		durgen.Sleep(ctx, time.Minute)
		return "", v
	case int:
		durgen.Sleep(ctx, time.Duration(v)*time.Second)
		s = strconv.Itoa(v + 1)
	case string:
		s = v + "!"
	}
	switch parse(durgen.Await(ctx, Decode, s)).(type) {
	case int:
		return "number " + s, nil
	default:
		return "text " + s, nil
	}
}

// Package conversion: awaits inside conversions: to float64, to
// time.Duration as the argument of a Sleep (an await inside an await's
// argument), to string through rune, to []byte, and a Sleep's error
// converted to an interface.
package conversion

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Minutes is an activity; it fails above 20.
func Minutes(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Minutes", n)
	if n > 20 {
		return 0, errors.New("too long")
	}
	return n + 1, nil
}

// Word is an activity.
func Word(ctx context.Context, n int) (string, error) {
	trace.Record(ctx, "Word", n)
	return fmt.Sprintf("w%d", n), nil
}

func val(n int, err error) int {
	if err != nil {
		return 0
	}
	return n
}

func str(s string, err error) string { return s }

// Convert converts awaited values.
//
//durgen:workflow
func Convert(ctx durgen.Context, n int) (string, error) {
	f := float64(val(durgen.Await(ctx, Minutes, n))) / 4
	if err := durgen.Sleep(ctx, time.Duration(val(durgen.Await(ctx, Minutes, n+1)))*time.Minute); err != nil {
		return "", err
	}
	r := string(rune('a' + val(durgen.Await(ctx, Minutes, n%20))))
	b := []byte(str(durgen.Await(ctx, Word, n)))
	b[0] = 'W'
	var e any = any(durgen.Sleep(ctx, time.Second))
	return fmt.Sprint(f, r, string(b), e == nil), nil
}

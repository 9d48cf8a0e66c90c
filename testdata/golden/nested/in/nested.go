// Package nested: awaits nested in expressions — call arguments (the
// two-value form too), binary operands, composite literals, method
// receivers, conversions, index expressions, returns, multiple assignment —
// and && / || whose right side awaits and must not run when Go skips it.
package nested

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Len is an activity.
func Len(ctx context.Context, s string) (int, error) {
	trace.Record(ctx, "Len", s)
	if s == "boom" {
		return 0, errors.New("boom")
	}
	return len(s), nil
}

// Box holds a deadline.
type Box struct {
	D time.Duration
}

func sum(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// Nested awaits inside expressions.
//
//durgen:workflow
func Nested(ctx durgen.Context, s string) (string, error) {
	var b *Box
	if len(s) > 2 {
		b = &Box{D: time.Second}
	}
	// The right side must not run (nil dereference) when b is nil.
	ok := b != nil && durgen.Sleep(ctx, b.D) == nil
	skipped := b == nil || durgen.Sleep(ctx, b.D) != nil
	n := 10 + sum(durgen.Await(ctx, Len, s))*2
	parts := []string{s, fmt.Sprint(sum(durgen.Await(ctx, Len, s+"!"))), strings.ToUpper(s)}
	msg := fmt.Sprint(durgen.Sleep(ctx, time.Minute) == nil)
	x, y := len(parts), sum(durgen.Await(ctx, Len, parts[2]))
	if sum(durgen.Await(ctx, Len, s)) > 3 {
		msg += " long"
	}
	for i := 0; sum(durgen.Await(ctx, Len, strings.Repeat("a", i))) < 2; i++ {
		msg += "."
	}
	switch sum(durgen.Await(ctx, Len, s)) {
	case 0:
		msg += " empty"
	default:
		msg += " some"
	}
	return fmt.Sprint(ok, skipped, n, parts, msg, x, y, int64(sum(durgen.Await(ctx, Len, msg)))), nil
}

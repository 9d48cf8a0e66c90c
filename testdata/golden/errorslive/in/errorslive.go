// Package errorslive: error values live across awaits: an activity's
// error, an error made in workflow code wrapping a sentinel with %w, and a
// nil error. After the awaits their messages are intact and errors.Is
// still matches the sentinel, which the package registers with
// durgen.RegisterError.
package errorslive

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// ErrQuota is returned by Use when a quota is exceeded.
var ErrQuota = errors.New("quota exceeded")

func init() { durgen.RegisterError(ErrQuota) }

// Use is an activity: it fails with ErrQuota above 3 and with another
// error for 0.
func Use(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Use", n)
	switch {
	case n > 3:
		return 0, fmt.Errorf("use %d: %w", n, ErrQuota)
	case n == 0:
		return 0, errors.New("nothing to use")
	}
	return n * 10, nil
}

// Keep keeps errors across awaits and inspects them at the end.
//
//durgen:workflow
func Keep(ctx durgen.Context, n int) (string, error) {
	_, first := durgen.Await(ctx, Use, n)
	local := fmt.Errorf("local %d: %w", n, ErrQuota)
	if n%2 == 0 {
		local = errors.New("local even")
	}
	durgen.Sleep(ctx, time.Minute)
	wrapped := fmt.Errorf("step: %w", first)
	if first == nil {
		wrapped = nil
	}
	_, second := durgen.Await(ctx, Use, n-1)
	durgen.Sleep(ctx, time.Second)
	out := fmt.Sprint(
		first, errors.Is(first, ErrQuota), "; ",
		local, errors.Is(local, ErrQuota), "; ",
		wrapped, errors.Is(wrapped, ErrQuota), wrapped == nil, "; ",
		second, errors.Is(second, ErrQuota),
	)
	if errors.Is(second, ErrQuota) {
		return "", fmt.Errorf("%s: %w", out, second)
	}
	return out, nil
}

// Package errorsreturn: a workflow returns a registered sentinel as is, a
// sentinel wrapped around an activity's error, and an activity's error
// unchanged; a caller's errors.Is sees the sentinel in every case.
package errorsreturn

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

var (
	// ErrMissing is returned when there is nothing to fetch.
	ErrMissing = errors.New("missing")
	// ErrGone is returned by Fetch for ids above 100.
	ErrGone = errors.New("gone")
)

func init() { durgen.RegisterError(ErrMissing, ErrGone) }

// Fetch is an activity.
func Fetch(ctx context.Context, id int) (string, error) {
	trace.Record(ctx, "Fetch", id)
	if id > 100 {
		return "", ErrGone
	}
	return fmt.Sprint("doc", id), nil
}

// Get fetches id and reports failures through sentinels.
//
//durgen:workflow
func Get(ctx durgen.Context, id int) (string, error) {
	if id == 0 {
		durgen.Sleep(ctx, time.Second)
		return "", ErrMissing
	}
	doc, err := durgen.Await(ctx, Fetch, id)
	if err != nil && id > 200 {
		durgen.Sleep(ctx, time.Second)
		return "", err
	}
	if err != nil {
		durgen.Sleep(ctx, time.Second)
		return "", fmt.Errorf("%w: %w", ErrMissing, err)
	}
	return doc, nil
}

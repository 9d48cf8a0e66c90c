// Package gotoback: a backward goto forms a retry loop around an await;
// the locals declared after the label are declared again on every jump.
package gotoback

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Try is an activity: it fails until the attempt reaches the target.
func Try(ctx context.Context, in Attempt) (string, error) {
	trace.Record(ctx, "Try", in)
	if in.N < in.Target {
		return "", errors.New("not yet")
	}
	return fmt.Sprint("done at ", in.N), nil
}

// Attempt is Try's input.
type Attempt struct {
	N, Target int
}

// Retry retries Try up to four times.
//
//durgen:workflow
func Retry(ctx durgen.Context, target int) (string, error) {
	attempt := 0
	var log []string
retry:
	attempt++
	r, err := durgen.Await(ctx, Try, Attempt{attempt, target})
	if err != nil {
		log = append(log, err.Error())
		if attempt < 4 {
			durgen.Sleep(ctx, time.Duration(attempt)*time.Minute)
			goto retry
		}
		return "", fmt.Errorf("gave up after %d: %w", attempt, err)
	}
	return fmt.Sprint(r, log), nil
}

// Package ifinit: if statements whose init awaits: the two-result form
// with the error checked in the condition, an else-if whose init declares a
// local used after an await in its body, and an init Sleep whose error is
// shadowed in the else branch.
package ifinit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Score is an activity; it fails for negative n.
func Score(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Score", n)
	if n < 0 {
		return 0, errors.New("negative")
	}
	return n * 3 % 17, nil
}

// Grade grades n through if-inits that await.
//
//durgen:workflow
func Grade(ctx durgen.Context, n int) (string, error) {
	out := ""
	if v, err := durgen.Await(ctx, Score, n); err != nil {
		return "", fmt.Errorf("score: %w", err)
	} else if v > 10 {
		durgen.Sleep(ctx, time.Minute)
		out = fmt.Sprint("high ", v)
	} else if w := v * 2; w > 6 {
		s, _ := durgen.Await(ctx, Score, w)
		out = fmt.Sprint("mid ", v, w, s)
	} else {
		out = fmt.Sprint("low ", v, w)
	}
	if err := durgen.Sleep(ctx, time.Second); err != nil {
		return "", err
	} else if x, err := durgen.Await(ctx, Score, n+1); err == nil {
		out += fmt.Sprint(" next ", x)
	}
	return out, nil
}

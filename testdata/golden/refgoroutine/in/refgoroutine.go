// Package refgoroutine: refused: an await in a goroutine cannot be resumed
// (and the go statement is an effect of its own).
package refgoroutine

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Spawn awaits in a goroutine.
//
//durgen:workflow
func Spawn(ctx durgen.Context, n int) (int, error) {
	go func() {
		durgen.Await(ctx, Inc, n)
	}()
	durgen.Sleep(ctx, time.Second)
	return n, nil
}

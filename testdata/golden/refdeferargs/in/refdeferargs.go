// Package refdeferargs: refused: an await in the arguments of a defer
// statement, and a deferred Sleep; a deferred Await of an activity is fine.
package refdeferargs

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

func show(n int, err error) string { return fmt.Sprint(n, err) }

// Later defers awaits in ways that cannot be resumed.
//
//durgen:workflow
func Later(ctx durgen.Context, n int) (int, error) {
	defer durgen.Await(ctx, Inc, n)
	defer show(durgen.Await(ctx, Inc, n))
	defer durgen.Sleep(ctx, time.Second)
	return n, nil
}

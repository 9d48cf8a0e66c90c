// Package deferactivity: deferred awaits of activities run when the
// workflow returns, in LIFO order, with the arguments they had at the defer
// statement (a later change of the variable is not seen); on the error
// return too, and only the defers reached.
package deferactivity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Lock is an activity; it fails for "busy".
func Lock(ctx context.Context, name string) (string, error) {
	trace.Record(ctx, "Lock", name)
	if name == "busy" {
		return "", errors.New("busy")
	}
	return "lease-" + name, nil
}

// Unlock is an activity.
func Unlock(ctx context.Context, lease string) (bool, error) {
	trace.Record(ctx, "Unlock", lease)
	return true, nil
}

// Locked holds two leases while working.
//
//durgen:workflow
func Locked(ctx durgen.Context, names [2]string) (string, error) {
	first, err := durgen.Await(ctx, Lock, names[0])
	if err != nil {
		return "", err
	}
	defer durgen.Await(ctx, Unlock, first)
	first = "changed" // the deferred call keeps the old lease
	durgen.Sleep(ctx, time.Minute)
	second, err := durgen.Await(ctx, Lock, names[1])
	if err != nil {
		return "", fmt.Errorf("second: %w", err)
	}
	defer durgen.Await(ctx, Unlock, second)
	durgen.Sleep(ctx, time.Minute)
	return first + " " + second, nil
}

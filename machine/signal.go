package machine

import (
	"time"

	"github.com/durgen/durgen"
)

// Receive suspends the workflow until the next signal named signal; the
// step resumed reads its payload with Result[T].
func Receive[T any](ctx durgen.Context, signal string) Command {
	return Command{Kind: KindReceive, Signal: signal, NoCancel: durgen.IgnoresCancel(ctx)}
}

// ReceiveWithin is Receive with a deadline d from the step's recorded time;
// when it passes first, Result returns an error matching durgen.ErrTimeout.
func ReceiveWithin[T any](ctx durgen.Context, signal string, d time.Duration) Command {
	return Command{Kind: KindReceive, Signal: signal, Until: durgen.Now(ctx).Add(d), NoCancel: durgen.IgnoresCancel(ctx)}
}

package durgen

import (
	"context"
	"fmt"
	"time"
)

// Await runs activity with input in and returns its result. It is an await
// point: in machine mode the workflow is checkpointed before the activity
// runs (its input and idempotency key are saved with the checkpoint) and
// resumes, in the same or another process, when the activity's result has
// been recorded. The activity runs at least once; with the default policy it
// is retried on failure, and the error returned here is the last attempt's.
//
// In direct mode the activity is called inline, once.
func Await[I, O any](ctx Context, activity func(context.Context, I) (O, error), in I, opts ...Option) (O, error) {
	s := direct(ctx, "durgen.Await")
	step := s.NextStep()
	actx := WithActivityInfo(s.Go, ActivityInfo{
		InstanceID:     "direct",
		Step:           step,
		Attempt:        1,
		IdempotencyKey: fmt.Sprintf("direct/%d", step),
	})
	return activity(actx, in)
}

// Sleep suspends the workflow for d. In machine mode this is a durable timer:
// the instance is checkpointed and holds no goroutine, connection or memory
// until the timer fires, however long d is. It returns an error only if the
// instance is cancelled (ErrCanceled).
//
// In direct mode Sleep returns at once and moves Now forward by d.
func Sleep(ctx Context, d time.Duration) error {
	s := direct(ctx, "durgen.Sleep")
	if err := s.Go.Err(); err != nil && !IgnoresCancel(ctx) {
		return fmt.Errorf("%w: %w", ErrCanceled, err)
	}
	s.DirectSleep(d)
	return nil
}

// SleepUntil suspends the workflow until t; see Sleep.
func SleepUntil(ctx Context, t time.Time) error {
	return Sleep(ctx, t.Sub(Now(ctx)))
}

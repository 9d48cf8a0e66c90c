package durgen

import "errors"

// WithoutCancel returns a Context whose awaits are not interrupted by the
// instance's cancellation: the place for cleanup steps that must run after
// the workflow observed ErrCanceled.
func WithoutCancel(ctx Context) Context { return withoutCancel{ctx} }

type withoutCancel struct{ Context }

// IgnoresCancel marks a Context made by WithoutCancel.
func (withoutCancel) IgnoresCancel() bool { return true }

// IgnoresCancel reports whether ctx was made by WithoutCancel. The runtime
// and generated code use it; workflow code has no need to.
func IgnoresCancel(ctx Context) bool {
	c, ok := ctx.(interface{ IgnoresCancel() bool })
	return ok && c.IgnoresCancel()
}

// ErrWorkerLost is the error of an activity attempt whose worker stopped
// heartbeating (it crashed, or lost its connection) before the attempt
// ended: its lease expired and another worker took the step over. The
// retry policy sees it like any failure (list its message in NonRetryable
// to stop at the first loss); when no attempt is left, the workflow's await
// returns it.
var ErrWorkerLost = errors.New("durgen: worker lost (lease expired before the attempt ended)")

func init() { RegisterError(ErrWorkerLost) }

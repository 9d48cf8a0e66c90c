// Package durgen is a stub of the author API for the analyzer's tests: the
// signatures are those of github.com/durgen/durgen (see DESIGN.md), the
// bodies are empty.
package durgen

import (
	"context"
	"errors"
	"time"

	"github.com/durgen/durgen/internal/core"
)

type Context interface {
	State() *core.State
}

type Option struct {
	Retry   *RetryPolicy  `json:"retry,omitempty"`
	Timeout time.Duration `json:"timeout,omitempty"`
}

type RetryPolicy struct {
	MaxAttempts int `json:"max_attempts,omitempty"`
}

type ActivityInfo struct {
	InstanceID     string
	Step           int
	Attempt        int
	IdempotencyKey string
}

type Future[O any] struct {
	ID int `json:"id"`
}

type Awaitable interface{ isAwaitable() }

func (f Future[O]) isAwaitable() {}

var ErrCanceled, ErrTimeout = errors.New("canceled"), errors.New("timeout")

func Await[I, O any](ctx Context, activity func(context.Context, I) (O, error), in I, opts ...Option) (O, error) {
	var o O
	return o, nil
}
func Go[I, O any](ctx Context, activity func(context.Context, I) (O, error), in I, opts ...Option) Future[O] {
	return Future[O]{}
}
func (f Future[O]) Get(ctx Context) (O, error) {
	var o O
	return o, nil
}
func (f Future[O]) Cancel(ctx Context)                     {}
func Sleep(ctx Context, d time.Duration) error             { return nil }
func SleepUntil(ctx Context, t time.Time) error            { return nil }
func Receive[T any](ctx Context, signal string) (T, error) { var t T; return t, nil }
func ReceiveWithin[T any](ctx Context, signal string, d time.Duration) (T, error) {
	var t T
	return t, nil
}
func Now(ctx Context) time.Time { return time.Time{} }
func Compensate[I, O any](ctx Context, activity func(context.Context, I) (O, error), in I, opts ...Option) {
}
func Direct(ctx context.Context) Context                   { return &core.State{Go: ctx, Direct: true} }
func Info(ctx context.Context) ActivityInfo                { return ActivityInfo{} }
func Timer(ctx Context, d time.Duration) Future[time.Time] { return Future[time.Time]{} }
func Spawn[I, O any](ctx Context, workflow func(Context, I) (O, error), in I, opts ...Option) Future[O] {
	return Future[O]{}
}
func Select(ctx Context, futures ...Awaitable) (int, error) { return 0, nil }
func WithoutCancel(ctx Context) Context                     { return ctx }
func Heartbeat(ctx context.Context, details ...any)         {}
func RegisterError(sentinels ...error)                      {}
func RegisterType[I any](impls ...I)                        {}
func Retry(p RetryPolicy) Option                            { return Option{Retry: &p} }
func Timeout(d time.Duration) Option                        { return Option{Timeout: d} }

func WithActivityInfo(ctx context.Context, info ActivityInfo) context.Context { return ctx }

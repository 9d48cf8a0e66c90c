package durgen

import (
	"context"
	"encoding/json"
)

// ActivityInfo describes the attempt an activity is running in.
type ActivityInfo struct {
	// InstanceID is the workflow instance that awaits the activity.
	InstanceID string
	// Step numbers the instance's awaits, from 1; it is stable across
	// crashes and retries.
	Step int
	// Attempt counts attempts of this step, from 1.
	Attempt int
	// IdempotencyKey is the same on every attempt of this step, in every
	// process: pass it to the callee so its effect happens once.
	IdempotencyKey string
	// Heartbeat holds the details of the last Heartbeat of an earlier
	// attempt of this step, as a JSON array, or nil.
	Heartbeat json.RawMessage
}

type infoKey struct{}

// Info returns the attempt an activity runs in. Outside an activity it
// returns the zero ActivityInfo.
func Info(ctx context.Context) ActivityInfo {
	info, _ := ctx.Value(infoKey{}).(ActivityInfo)
	return info
}

// WithActivityInfo returns a context carrying info, as the runtime gives it
// to an activity. It is for running an activity outside the engine, in tests.
func WithActivityInfo(ctx context.Context, info ActivityInfo) context.Context {
	return context.WithValue(ctx, infoKey{}, info)
}

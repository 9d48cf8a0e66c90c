package durgen

import "context"

type heartbeatKey struct{}

// Heartbeat tells the runtime that a long activity is alive and how far it
// got. The runtime keeps the activity's lease while it heartbeats; details
// (JSON-encodable progress) are saved, and if the attempt fails or its
// worker dies, the next attempt reads the last saved details in
// Info(ctx).Heartbeat and can resume where this one stopped. Outside the
// runtime (direct mode, tests) Heartbeat does nothing.
func Heartbeat(ctx context.Context, details ...any) {
	if fn, ok := ctx.Value(heartbeatKey{}).(func([]any)); ok {
		fn(details)
	}
}

// WithHeartbeat returns a context whose Heartbeat calls fn, as the runtime
// gives one to an activity; for running activities in tests.
func WithHeartbeat(ctx context.Context, fn func(details []any)) context.Context {
	return context.WithValue(ctx, heartbeatKey{}, fn)
}

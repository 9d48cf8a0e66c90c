// Package trace records the activity calls of the golden workflows, so that
// a run of the generated state machine can be compared with a run of the
// original function in direct mode.
package trace

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/durgen/durgen"
)

var (
	mu    sync.Mutex
	calls []string
)

// Record notes a call of activity name with input in.
func Record(ctx context.Context, name string, in any) {
	data, err := json.Marshal(in)
	if err != nil {
		data = []byte(err.Error())
	}
	key := durgen.Info(ctx).IdempotencyKey
	mu.Lock()
	defer mu.Unlock()
	calls = append(calls, fmt.Sprintf("%s(%s) key=%t", name, data, key != ""))
}

// Take returns the calls recorded since the last Take.
func Take() []string {
	mu.Lock()
	defer mu.Unlock()
	c := calls
	calls = nil
	return c
}

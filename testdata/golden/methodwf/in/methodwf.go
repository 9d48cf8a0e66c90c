// Package methodwf: a workflow that is a method. Its receiver is supplied
// when the worker registers the workflow and is never persisted: here it
// holds configuration read between awaits, before and after each resume.
package methodwf

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Send is an activity.
func Send(ctx context.Context, msg string) (int, error) {
	trace.Record(ctx, "Send", msg)
	return len(msg), nil
}

// Notifier sends messages with a configured prefix.
type Notifier struct {
	Prefix string
	Delay  time.Duration
}

// Notify sends n numbered messages.
//
//durgen:workflow
func (s *Notifier) Notify(ctx durgen.Context, n int) (string, error) {
	total := 0
	for i := 0; i < n; i++ {
		k, err := durgen.Await(ctx, Send, fmt.Sprint(s.Prefix, i))
		if err != nil {
			return "", err
		}
		total += k
		durgen.Sleep(ctx, s.Delay)
	}
	return fmt.Sprint(s.Prefix, total), nil
}

package durgen

import (
	"encoding/json"
	"fmt"
	"time"
)

// Receive waits for the next signal named signal sent to the instance (with
// runtime's Engine.Signal) and returns its payload. It is an await point.
// Signals sent before the workflow reaches Receive are kept, in the order
// they were sent, and none is lost or delivered twice.
//
// In direct mode Receive takes the oldest signal given to SendDirect and
// fails if there is none.
func Receive[T any](ctx Context, signal string) (T, error) {
	s := direct(ctx, "durgen.Receive")
	var v T
	data, ok := s.DirectReceive(signal)
	if !ok {
		return v, fmt.Errorf("durgen: Receive of signal %q in direct mode: none was sent with SendDirect", signal)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, fmt.Errorf("durgen: decode signal %q as %T: %w", signal, v, err)
	}
	return v, nil
}

// ReceiveWithin is Receive with a deadline: if no signal named signal
// arrives within d of the step's time, it returns an error matching
// ErrTimeout. In direct mode, with no signal sent, it sleeps d and times
// out.
func ReceiveWithin[T any](ctx Context, signal string, d time.Duration) (T, error) {
	s := direct(ctx, "durgen.ReceiveWithin")
	var v T
	data, ok := s.DirectReceive(signal)
	if !ok {
		s.DirectSleep(d)
		return v, fmt.Errorf("durgen: no signal %q within %v: %w", signal, d, ErrTimeout)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, fmt.Errorf("durgen: decode signal %q as %T: %w", signal, v, err)
	}
	return v, nil
}

// SendDirect queues a signal for a direct-mode workflow's Receive, for
// tests; it panics on a machine-mode context, whose signals are sent with
// the runtime's Engine.Signal.
func SendDirect(ctx Context, signal string, payload any) {
	s := direct(ctx, "durgen.SendDirect")
	data, err := json.Marshal(payload)
	if err != nil {
		panic(fmt.Sprintf("durgen: SendDirect %q: encode payload: %v", signal, err))
	}
	s.DirectSend(signal, data)
}

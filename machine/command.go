package machine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
)

// Kind says what a Command asks of the runtime.
type Kind uint8

// The command kinds.
const (
	// KindCall runs activity Name with Input.
	KindCall Kind = iota + 1
	// KindSleep waits until Until.
	KindSleep
	// KindReturn ends the workflow with Output and Err.
	KindReturn
	// KindGet waits for the result of the future started as step Future.
	KindGet
	// KindReceive waits for the next signal named Signal, until Until if
	// it is set.
	KindReceive
	// KindSelect waits for the first of the futures Futures to end.
	KindSelect
	// KindChild runs workflow Name with Input as a child instance and
	// waits for its outcome.
	KindChild
)

func (k Kind) String() string {
	switch k {
	case KindCall:
		return "call"
	case KindSleep:
		return "sleep"
	case KindReturn:
		return "return"
	case KindGet:
		return "get"
	case KindReceive:
		return "receive"
	case KindSelect:
		return "select"
	case KindChild:
		return "child"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Command is what a step ends with: the await that suspends the workflow, or
// its return. Its arguments are encoded when the command is made, so they are
// saved with the checkpoint before anything runs.
type Command struct {
	Kind Kind
	// Name is the registered activity name (KindCall), or workflow name
	// (KindChild).
	Name string
	// Input is the activity's or child workflow's encoded input
	// (KindCall, KindChild).
	Input json.RawMessage
	// Options are the await's options, in call order (KindCall).
	Options []durgen.Option
	// Until is the wake-up time (KindSleep) or the deadline (KindReceive).
	Until time.Time
	// Future is the step number of the awaited future (KindGet).
	Future int
	// Futures are the step numbers of the futures raced (KindSelect).
	Futures []int
	// Signal is the awaited signal's name (KindReceive).
	Signal string
	// NoCancel is set for an await made with durgen.WithoutCancel: the
	// instance's cancellation does not interrupt it.
	NoCancel bool
	// Output is the workflow's encoded result (KindReturn).
	Output json.RawMessage
	// Err is the workflow's error (KindReturn).
	Err error
}

// Call suspends the workflow on activity name (the function fn, registered
// under that name) with input in. The input is encoded now; if it cannot be,
// the command ends the workflow with the encoding error.
func Call[I, O any](ctx durgen.Context, name string, fn func(context.Context, I) (O, error), in I, opts ...durgen.Option) Command {
	data, err := EncodeValue(in)
	if err != nil {
		return Command{Kind: KindReturn, Err: fmt.Errorf("durgen: encode input of activity %s: %w", name, err)}
	}
	return Command{Kind: KindCall, Name: name, Input: data, Options: opts, NoCancel: durgen.IgnoresCancel(ctx)}
}

// Sleep suspends the workflow for d from the step's recorded time.
func Sleep(ctx durgen.Context, d time.Duration) Command {
	return Command{Kind: KindSleep, Until: durgen.Now(ctx).Add(d), NoCancel: durgen.IgnoresCancel(ctx)}
}

// SleepUntil suspends the workflow until t.
func SleepUntil(ctx durgen.Context, t time.Time) Command {
	return Command{Kind: KindSleep, Until: t, NoCancel: durgen.IgnoresCancel(ctx)}
}

// Return ends the workflow with out and err.
func Return[O any](out O, err error) Command {
	data, merr := EncodeValue(out)
	if merr != nil && err == nil {
		return Command{Kind: KindReturn, Err: fmt.Errorf("durgen: encode workflow result: %w", merr)}
	}
	return Command{Kind: KindReturn, Output: data, Err: err}
}

// Result returns the outcome of the activity call that resumed this step.
func Result[O any](ctx durgen.Context) (O, error) {
	var out O
	s := ctx.State()
	if len(s.Result) > 0 && string(s.Result) != "null" {
		if err := DecodeValue(s.Result, &out); err != nil && s.Err == nil {
			return out, fmt.Errorf("durgen: decode activity result as %T: %w", out, err)
		}
	}
	return out, s.Err
}

// Done returns the outcome of an await with only an error result (a sleep)
// that resumed this step: nil, or, for a sleep, an error matching
// durgen.ErrCanceled if the instance was cancelled.
func Done(ctx durgen.Context) error { return ctx.State().Err }

// ErrBadLabel is the error of a step asked to resume at a label its workflow
// does not have: the frame was saved by other code (see versioning).
var ErrBadLabel = errors.New("durgen: frame label unknown to the workflow")

// BadLabel is the command of a step whose frame holds an unknown label.
func BadLabel(pc int) Command {
	return Command{Kind: KindReturn, Err: fmt.Errorf("%w: label %d", ErrBadLabel, pc)}
}

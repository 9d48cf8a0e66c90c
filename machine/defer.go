package machine

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/durgen/durgen/internal/core"
)

// Defers are the calls a workflow's defer statements recorded, held in its
// frame as data so that they survive a suspension and run when the workflow
// returns, last first, on whichever worker it returns: a generated frame
// keeps them in a field of this type. Once the workflow returns, Defers also
// holds the return the calls delay.
//
// A deferred call is either an activity (defer durgen.Await(ctx, A, in)),
// which the runtime runs as a step of its own, with a checkpoint before and
// after, or a package-level function of the workflow's (defer f(x, y)),
// which runs in the workflow's code with the arguments it was deferred with.
// A deferred call's results and error are dropped, as Go drops them.
//
// A panic in workflow code fails the instance, as any panic does (the
// runtime records it as the instance's error); the deferred calls are not
// made. A panic is a bug of the workflow's, and a cleanup run against the
// state of a failed step could do harm; a workflow that must clean up on
// errors returns them.
type Defers struct {
	calls []Deferred
	// ret is the return the calls delay; set once the workflow returns.
	ret *Command
}

// Deferred is one recorded call.
type Deferred struct {
	// Site numbers the defer statement in the workflow, in source order
	// from 1: it tells the generated code which call to make.
	Site int `json:"site"`
	// Args are a function's arguments, each in the encoding of
	// EncodeValue (an error: its message and sentinels).
	Args []json.RawMessage `json:"args,omitempty"`
	// Activity, Input, Options and NoCancel are an activity call's
	// command, made when the defer statement ran.
	Activity string          `json:"activity,omitempty"`
	Input    json.RawMessage `json:"input,omitempty"`
	Options  json.RawMessage `json:"options,omitempty"`
	NoCancel bool            `json:"no_cancel,omitempty"`
}

// Push records a deferred call of a function at site with its encoded
// arguments (see Arg).
func (d *Defers) Push(site int, args ...json.RawMessage) {
	d.calls = append(d.calls, Deferred{Site: site, Args: args})
}

// Call records a deferred activity call at site: cmd is the command
// machine.Call made from the defer statement's arguments. A command that
// failed to encode its input panics: the activity's input type is checked
// by durgen vet, so this is a bug of the value's marshaler, and it fails the
// instance at the defer statement, where Go evaluates the arguments.
func (d *Defers) Call(site int, cmd Command) {
	if cmd.Kind != KindCall {
		panic(fmt.Sprintf("durgen: defer at site %d: %v", site, cmd.Err))
	}
	var opts json.RawMessage
	if len(cmd.Options) > 0 {
		data, err := json.Marshal(cmd.Options)
		if err != nil {
			panic(fmt.Sprintf("durgen: defer at site %d: encode options: %v", site, err))
		}
		opts = data
	}
	d.calls = append(d.calls, Deferred{Site: site, Activity: cmd.Name, Input: cmd.Input, Options: opts, NoCancel: cmd.NoCancel})
}

// Return records the return the deferred calls delay: ret is the command
// machine.Return made from the return statement.
func (d *Defers) Return(ret Command) {
	d.ret = &ret
}

// Next takes the call deferred last, or reports false when none is left.
func (d *Defers) Next() (Deferred, bool) {
	if len(d.calls) == 0 {
		return Deferred{}, false
	}
	last := d.calls[len(d.calls)-1]
	d.calls = d.calls[:len(d.calls)-1]
	return last, true
}

// Done returns the return recorded by Return, once no call is left.
func (d *Defers) Done() Command {
	if d.ret == nil {
		panic("durgen: deferred calls done before the workflow returned")
	}
	return *d.ret
}

// Len returns the number of calls deferred and not yet made.
func (d *Defers) Len() int { return len(d.calls) }

// Call returns the command that runs a deferred activity.
func (c Deferred) Call() Command {
	cmd := Command{Kind: KindCall, Name: c.Activity, Input: c.Input, NoCancel: c.NoCancel}
	if len(c.Options) > 0 {
		if err := json.Unmarshal(c.Options, &cmd.Options); err != nil {
			return Command{Kind: KindReturn, Err: fmt.Errorf("durgen: deferred activity %s: decode options: %w", c.Activity, err)}
		}
	}
	return cmd
}

// Decode decodes a deferred function's arguments into ptrs, one pointer per
// argument, of the types they were recorded with.
func (c Deferred) Decode(ptrs ...any) error {
	if len(ptrs) != len(c.Args) {
		return fmt.Errorf("durgen: deferred call at site %d has %d arguments, not %d", c.Site, len(c.Args), len(ptrs))
	}
	for i, p := range ptrs {
		if ep, ok := p.(*error); ok {
			err, derr := core.DecodeError(c.Args[i])
			if derr != nil {
				return fmt.Errorf("durgen: deferred call at site %d: argument %d: %w", c.Site, i+1, derr)
			}
			*ep = err
			continue
		}
		if err := DecodeValue(c.Args[i], p); err != nil {
			return fmt.Errorf("durgen: deferred call at site %d: argument %d: %w", c.Site, i+1, err)
		}
	}
	return nil
}

// Arg encodes an argument of a deferred function call, with its static type
// T: an error as its message and sentinels, anything else as EncodeValue
// does. A value that cannot be encoded panics (see Defers.Call).
func Arg[T any](v T) json.RawMessage {
	if reflect.TypeFor[T]() == errorType {
		err, _ := any(v).(error)
		return core.EncodeError(err)
	}
	data, err := EncodeValue(v)
	if err != nil {
		panic(fmt.Sprintf("durgen: encode deferred argument: %v", err))
	}
	return data
}

// defersJSON is the stored form of Defers.
type defersJSON struct {
	Calls []Deferred `json:"calls,omitempty"`
	// Returned is set once the workflow returned, with Output and Err.
	Returned bool            `json:"returned,omitempty"`
	Output   json.RawMessage `json:"output,omitempty"`
	Err      json.RawMessage `json:"err,omitempty"`
}

// MarshalJSON stores the calls and the delayed return, its error as its
// message and sentinels (see durgen.RegisterError).
func (d Defers) MarshalJSON() ([]byte, error) {
	s := defersJSON{Calls: d.calls}
	if d.ret != nil {
		s.Returned, s.Output = true, d.ret.Output
		if d.ret.Err != nil {
			s.Err = core.EncodeError(d.ret.Err)
		}
	}
	return json.Marshal(s)
}

// UnmarshalJSON reads back what MarshalJSON stored.
func (d *Defers) UnmarshalJSON(data []byte) error {
	var s defersJSON
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	d.calls, d.ret = s.Calls, nil
	if s.Returned {
		ret := Command{Kind: KindReturn, Output: s.Output}
		if len(s.Err) > 0 {
			err, derr := core.DecodeError(s.Err)
			if derr != nil {
				return fmt.Errorf("decode deferred return error: %w", derr)
			}
			ret.Err = err
		}
		d.ret = &ret
	}
	return nil
}

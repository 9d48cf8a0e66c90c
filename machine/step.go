package machine

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/durgen/durgen/internal/core"
)

// Outcome is what a step is resumed with: the instance, the step's recorded
// time, and the outcome of the await it resumes from (nothing at label 0).
type Outcome struct {
	// Go is the engine's context, for cancellation; nil means Background.
	Go       context.Context
	Instance string
	Now      time.Time
	Result   json.RawMessage
	Err      error
}

// Resume decodes a checkpoint of w, runs one step with outcome o, and
// returns the command the step ends with and the new checkpoint. Nothing of
// the frame survives in memory between two calls: every step starts from the
// stored bytes, as it does after a crash.
func (w *Workflow) Resume(checkpoint []byte, o Outcome) (Command, []byte, error) {
	f := w.New()
	if err := DecodeFrame(checkpoint, f); err != nil {
		return Command{}, nil, fmt.Errorf("durgen: workflow %s: decode checkpoint: %w", w.Name, err)
	}
	return w.Run(f, o)
}

// Run runs one step of the frame f of w with outcome o and returns the
// command and the encoded frame. A panic in the step's code is returned as
// an error naming the workflow and the label.
func (w *Workflow) Run(f Frame, o Outcome) (cmd Command, checkpoint []byte, err error) {
	label := f.At()
	ctx := &core.State{Go: o.Go, Instance: o.Instance, Now: o.Now, Result: o.Result, Err: o.Err}
	if ctx.Go == nil {
		ctx.Go = context.Background()
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("durgen: workflow %s panicked at label %d: %v\n%s", w.Name, label, r, debug.Stack())
			}
		}()
		cmd = f.Step(ctx)
	}()
	if err != nil {
		return Command{}, nil, err
	}
	checkpoint, err = EncodeFrame(f)
	if err != nil {
		return Command{}, nil, fmt.Errorf("durgen: workflow %s: encode frame after label %d: %w", w.Name, label, err)
	}
	return cmd, checkpoint, nil
}

// EncodeError returns the stored form of an error: its message and the
// registered sentinels it matches (see durgen.RegisterError).
func EncodeError(err error) json.RawMessage { return core.EncodeError(err) }

// DecodeError reads back an error stored by EncodeError.
func DecodeError(data []byte) (error, error) { return core.DecodeError(data) }

// Cell returns a new variable holding v. The generator keeps a local that a
// closure captures or whose address is taken in a cell, so that each
// declaration (each loop iteration) makes a new variable, as in Go.
func Cell[T any](v T) *T { return &v }

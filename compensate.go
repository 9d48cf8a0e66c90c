package durgen

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/durgen/durgen/internal/core"
)

// Compensate registers an undo step: if the workflow later returns an
// error (or is cancelled), the runtime runs activity with input in, after
// the compensations registered after it (in reverse order), each with its
// retry policy, durably. The instance's final error then says which undo
// steps ran and which failed. Compensate is not an await point; the
// registration is saved with the next checkpoint.
//
// In direct mode the undo steps are recorded; RunDirect runs them.
func Compensate[I, O any](ctx Context, activity func(context.Context, I) (O, error), in I, opts ...Option) {
	s := ctx.State()
	st := core.Start{Func: activity}
	st.Input, st.Err = json.Marshal(in)
	if len(opts) > 0 {
		st.Options, _ = json.Marshal(opts)
	}
	if s.Direct {
		st.Run = func(ctx context.Context) error { _, err := activity(ctx, in); return err }
	}
	s.AddCompensation(st)
}

// RunDirect runs workflow in direct mode with input in, as a plain function;
// if it returns an error, the undo steps it registered with Compensate run
// in reverse order, and the error reports them as the runtime does.
func RunDirect[I, O any](ctx context.Context, workflow func(Context, I) (O, error), in I) (O, error) {
	dctx := Direct(ctx)
	out, err := workflow(dctx, in)
	if err == nil {
		return out, nil
	}
	comps := dctx.State().TakeCompensations()
	var done, failed []string
	for i := len(comps) - 1; i >= 0; i-- {
		name := core.FuncName(comps[i].Func)
		actx := WithActivityInfo(ctx, ActivityInfo{InstanceID: "direct", Attempt: 1, IdempotencyKey: fmt.Sprintf("direct/compensate/%d", i)})
		if cerr := comps[i].Run(actx); cerr != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", name, cerr))
		} else {
			done = append(done, name)
		}
	}
	return out, CompensationError(err, done, failed)
}

// CompensationError returns err annotated with the undo steps that ran
// (done) and failed; it still matches what err matches. The runtime and
// RunDirect use it so that both report compensations alike.
func CompensationError(err error, done, failed []string) error {
	if len(done) == 0 && len(failed) == 0 {
		return err
	}
	msg := ""
	if len(done) > 0 {
		msg = fmt.Sprintf("compensated: %v", done)
	}
	if len(failed) > 0 {
		if msg != "" {
			msg += "; "
		}
		msg += fmt.Sprintf("compensation failed: %v", failed)
	}
	return fmt.Errorf("%w (%s)", err, msg)
}

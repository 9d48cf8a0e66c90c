package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/internal/core"
	"github.com/durgen/durgen/machine"
)

// Run runs a worker until ctx is cancelled: it claims ready steps of the
// workflows registered in this process, resolves them, runs their
// continuations and commits the checkpoints through one committer that
// batches them (group commit). On cancellation it stops claiming and waits
// up to Options.ShutdownGrace for in-flight steps; steps it abandons are
// retried by any worker once their lease expires. Run returns nil after a
// cancellation and an error only if it cannot work at all.
func (e *Engine) Run(ctx context.Context) error {
	workflows := e.opts.Workflows
	if len(workflows) == 0 {
		workflows = machine.Workflows()
	}
	if len(workflows) == 0 {
		return fmt.Errorf("durgen: worker %s: %w: no workflows registered", e.opts.Owner, ErrUnknownWorkflow)
	}

	// Steps run with a context that outlives ctx by the shutdown grace.
	stepCtx, stopSteps := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSteps()

	committerQuit, committerDone := make(chan struct{}), make(chan struct{})
	c := &committer{e: e, reqs: make(chan *commitReq, e.opts.BatchSize), quit: committerDone}
	go func() {
		defer close(committerDone)
		c.run(committerQuit)
	}()

	var (
		wg       sync.WaitGroup
		inflight = make(chan struct{}, e.opts.Concurrency)
		finished = make(chan struct{}, e.opts.Concurrency)
	)
	poll := time.NewTicker(e.opts.Poll)
	defer poll.Stop()
	var lastPrune time.Time
	lostError := core.EncodeError(fmt.Errorf("durgen: an attempt's worker stopped heartbeating: %w", durgen.ErrWorkerLost))

	for ctx.Err() == nil {
		free := cap(inflight) - len(inflight)
		var claims []*Claim
		if free > 0 {
			now := time.Now()
			var err error
			claims, err = e.store.StepClaim(ctx, StepClaimParams{
				Owner:        e.opts.Owner,
				Workflows:    workflows,
				Now:          e.clock.Now(),
				LeaseNow:     now,
				LeaseExpires: now.Add(e.opts.Lease),
				LostError:    lostError,
				Limit:        min(free, e.opts.BatchSize),
			})
			if err != nil && ctx.Err() == nil {
				e.emit(Event{Kind: EventError, Err: err})
			}
			for _, cl := range claims {
				inflight <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					// A commit may lease the next step to this worker at
					// once (a call ready now): handle it without a claim.
					for next := cl; next != nil; {
						next = e.handle(stepCtx, c, next)
					}
					<-inflight
					select {
					case finished <- struct{}{}:
					default:
					}
				}()
			}
		}
		if len(claims) > 0 && len(claims) == free {
			// There may be more work: look again once a slot frees up.
			select {
			case <-ctx.Done():
			case <-finished:
			}
			continue
		}
		if len(claims) > 0 {
			continue
		}

		// Idle. Wait for a local start, a finished step (which may have
		// made its next step ready), the next timer, or the poll tick that
		// notices other processes' work and expired leases. The clock's
		// timer is armed only when nothing runs here, so that a fake clock
		// that jumps to the next timer does so only when all is quiet.
		var timer <-chan struct{}
		release := func() {}
		if len(inflight) == 0 {
			next, ok, err := e.store.StepNextReady(ctx, StepNextReadyParams{Workflows: workflows})
			if err != nil && ctx.Err() == nil {
				e.emit(Event{Kind: EventError, Err: err})
			}
			if ok {
				timer, release = e.clock.At(next)
			}
		}
		select {
		case <-ctx.Done():
		case <-e.wake:
		case <-finished:
		case <-timer:
		case <-poll.C:
			if e.opts.HistoryRetention > 0 && time.Since(lastPrune) > time.Minute {
				lastPrune = time.Now()
				if _, err := e.store.HistoryPrune(ctx, HistoryPruneParams{Before: e.clock.Now().Add(-e.opts.HistoryRetention)}); err != nil && ctx.Err() == nil {
					e.emit(Event{Kind: EventError, Err: err})
				}
			}
		}
		release()
	}

	e.draining.Store(true)
	waited := make(chan struct{})
	go func() { wg.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(e.opts.ShutdownGrace):
		// Abandon what is still running: activity contexts are cancelled,
		// and a step that ignores it is left to finish on its own; its
		// lease expires and another worker takes it over.
		stopSteps()
		select {
		case <-waited:
		case <-time.After(e.opts.ShutdownGrace / 10):
		}
	}
	stopSteps()
	close(committerQuit)
	<-committerDone
	return nil
}

// handle takes one claimed step through resolve, continuation and commit.
func (e *Engine) handle(ctx context.Context, c *committer, cl *Claim) (chained *Claim) {
	st, in := cl.Step, cl.Instance
	ev := Event{
		InstanceID: in.ID, Workflow: in.Workflow, Step: st.Number, StepKind: st.Kind, Attempt: st.Attempt,
		Label: st.PC, Activity: st.Activity, Input: st.Input, IdempotencyKey: st.IdempotencyKey,
	}
	e.emit(withKind(ev, EventStepClaimed))

	cp := &Checkpoint{InstanceID: in.ID, Step: st.Number, Owner: e.opts.Owner, Fence: st.Fence, Version: in.Version}
	fail := func(status Status, err error) {
		cp.Now = e.clock.Now()
		cp.Frame, cp.PC, cp.NextStep = in.Frame, in.PC, in.NextStep
		cp.Status = status
		cp.FinalError = core.EncodeError(err)
		e.commit(ctx, c, cp, ev)
	}

	w, ok := machine.Lookup(in.Workflow)
	if !ok {
		// Claims are restricted to registered workflows; this is a bug.
		e.emit(withErr(withKind(ev, EventError), fmt.Errorf("durgen: instance %s: workflow %s: %w", in.ID, in.Workflow, ErrUnknownWorkflow)))
		return
	}
	if w.Shape != in.Shape {
		fail(StatusIncompatible, fmt.Errorf("durgen: instance %s (workflow %s) at label %d was started by code of shape %s; this worker has shape %s",
			in.ID, in.Workflow, in.PC, in.Shape, w.Shape))
		return
	}

	var (
		result  json.RawMessage
		stepErr error
	)
	canceled := in.Canceled && !st.NoCancel && st.Kind != StepStart
	if canceled {
		stepErr = fmt.Errorf("durgen: instance %s (workflow %s) canceled: %w", in.ID, in.Workflow, durgen.ErrCanceled)
		if st.Kind == StepGo || st.Kind == StepTimer {
			e.complete(ctx, st, nil, stepErr, ev)
			return
		}
	}
	switch {
	case canceled:
		// Resolved with ErrCanceled; the activity does not run.
	case st.Kind == StepCall || st.Kind == StepGo || st.Kind == StepCompensate:
		var retry bool
		result, stepErr, retry = e.call(ctx, st, in, ev)
		if retry {
			return
		}
		switch st.Kind {
		case StepGo:
			e.complete(ctx, st, result, stepErr, ev)
			return
		case StepCompensate:
			e.compensated(ctx, c, cp, st, in, result, stepErr, ev)
			return
		}
	case st.Kind == StepTimer:
		fired, _ := json.Marshal(st.ReadyAt)
		e.complete(ctx, st, fired, nil, ev)
		return
	case st.Kind == StepGet || st.Kind == StepChild:
		result = st.Result
		var derr error
		if stepErr, derr = core.DecodeError(st.Error); derr != nil {
			stepErr = derr
		}
		if stepErr != nil {
			result = nil
		}
	case st.Kind == StepSelect:
		result = st.Result
	case st.Kind == StepReceive:
		if st.Result != nil {
			result = st.Result
		} else {
			stepErr = fmt.Errorf("durgen: no signal %q by %v: %w", st.Signal, st.Deadline, durgen.ErrTimeout)
		}
	}

	// The continuation, in memory.
	now := e.clock.Now()
	if st.Kind == StepSleep && now.Before(st.ReadyAt) {
		now = st.ReadyAt
	}
	f := w.New()
	if err := machine.DecodeFrame(in.Frame, f); err != nil {
		fail(StatusFailed, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: decode frame: %w", in.ID, in.Workflow, in.PC, err))
		return
	}
	state := &core.State{Go: ctx, Instance: in.ID, Now: now, Result: result, Err: stepErr, Seq: in.NextStep}
	cmd, err := step(f, state)
	if err != nil {
		fail(StatusFailed, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: %w", in.ID, in.Workflow, st.PC, err))
		return
	}
	frame, err := machine.EncodeFrame(f)
	if err != nil {
		fail(StatusFailed, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: encode frame: %w", in.ID, in.Workflow, f.At(), err))
		return
	}
	for _, s := range state.Starts {
		cp.Starts = append(cp.Starts, e.goStep(in, f.At(), s, now))
	}
	comps, err := e.compensations(in, state.Compensations)
	if err != nil {
		fail(StatusFailed, err)
		return
	}
	if len(state.Compensations) > 0 {
		cp.Compensations, _ = json.Marshal(comps)
	}
	if len(state.Cancels) > 0 {
		cp.CancelFutures = state.Cancels
		cp.CancelError = core.EncodeError(fmt.Errorf("durgen: future cancelled by instance %s: %w", in.ID, durgen.ErrCanceled))
	}
	n := state.Seq
	cp.NextStep = n
	cp.Now, cp.Frame, cp.PC = now, frame, f.At()
	cp.Result = result
	if stepErr != nil {
		cp.Error = core.EncodeError(stepErr)
	}
	next := &StepNew{Number: n, PC: f.At(), IdempotencyKey: idempotencyKey(in.ID, n), ReadyAt: now, NoCancel: cmd.NoCancel}
	switch cmd.Kind {
	case machine.KindCall:
		var opts json.RawMessage
		if len(cmd.Options) > 0 {
			opts, _ = json.Marshal(cmd.Options) // plain data
		}
		next.Kind, next.Activity, next.Input, next.Options = StepCall, cmd.Name, cmd.Input, opts
	case machine.KindSleep:
		next.Kind, next.ReadyAt = StepSleep, cmd.Until
	case machine.KindGet:
		next.Kind, next.WaitsFor = StepGet, cmd.Future
	case machine.KindReceive:
		next.Kind, next.Signal, next.Deadline = StepReceive, cmd.Signal, cmd.Until
	case machine.KindSelect:
		next.Kind = StepSelect
		next.Input, _ = json.Marshal(cmd.Futures)
	case machine.KindChild:
		next.Kind = StepChild
		next.Child, next.Error = e.child(in, n, cmd.Name, cmd.Input, now)
	}
	switch cmd.Kind {
	case machine.KindCall, machine.KindSleep, machine.KindGet, machine.KindReceive, machine.KindSelect, machine.KindChild:
		cp.Status, cp.Next, cp.NextStep = StatusRunning, next, n+1
	case machine.KindReturn:
		if cmd.Err != nil && len(comps) > 0 {
			// Undo before ending: the last registered first.
			cp.Status, cp.Output, cp.FinalError = StatusRunning, cmd.Output, core.EncodeError(cmd.Err)
			cp.Next, cp.NextStep = compensateStep(in, n, len(comps)-1, comps[len(comps)-1], now), n+1
			break
		}
		if cmd.Err != nil {
			cp.Status = StatusFailed
			if in.Canceled && errors.Is(cmd.Err, durgen.ErrCanceled) {
				cp.Status = StatusCanceled
			}
			cp.FinalError = core.EncodeError(cmd.Err)
			if len(cmd.Output) > 0 && string(cmd.Output) != "null" {
				cp.Output = cmd.Output
			}
		} else {
			cp.Status = StatusCompleted
			cp.Output = cmd.Output
		}
	default:
		fail(StatusFailed, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: unknown command %v", in.ID, in.Workflow, f.At(), cmd.Kind))
		return
	}
	if cp.Next != nil && cp.Next.Kind == StepCall && !e.draining.Load() {
		cp.ChainOwner, cp.ChainLeaseExpires = e.opts.Owner, time.Now().Add(e.opts.Lease)
	}
	if !e.commit(ctx, c, cp, ev) || !cp.Chained {
		return nil
	}
	ni := *in
	ni.Frame, ni.PC, ni.NextStep, ni.Version, ni.UpdatedAt = cp.Frame, cp.PC, cp.NextStep, in.Version+1, cp.Now
	if cp.Compensations != nil {
		ni.Compensations = cp.Compensations
	}
	return chainedClaim(cp, &ni)
}

// compensation is an undo step registered with durgen.Compensate, as
// saved in Instance.Compensations.
type compensation struct {
	Activity string          `json:"activity"`
	Input    json.RawMessage `json:"input"`
	Options  json.RawMessage `json:"options,omitempty"`
}

// compensations returns in's undo steps with those registered by the
// continuation appended.
func (e *Engine) compensations(in *Instance, added []core.Start) ([]compensation, error) {
	var comps []compensation
	if len(in.Compensations) > 0 {
		if err := json.Unmarshal(in.Compensations, &comps); err != nil {
			return nil, fmt.Errorf("durgen: instance %s (workflow %s): decode compensations: %w", in.ID, in.Workflow, err)
		}
	}
	for _, s := range added {
		a, ok := machine.LookupActivityFunc(s.Func)
		if !ok {
			return nil, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: durgen.Compensate with %s: %w",
				in.ID, in.Workflow, in.PC, funcName(s.Func), ErrUnknownActivity)
		}
		if s.Err != nil {
			return nil, fmt.Errorf("durgen: instance %s (workflow %s): encode input of durgen.Compensate: %w", in.ID, in.Workflow, s.Err)
		}
		comps = append(comps, compensation{Activity: a.Name, Input: s.Input, Options: s.Options})
	}
	return comps, nil
}

// compensateStep is step n, running undo step i. Cancellation does not
// skip it.
func compensateStep(in *Instance, n, i int, c compensation, now time.Time) *StepNew {
	return &StepNew{Number: n, Kind: StepCompensate, PC: in.PC, Activity: c.Activity, Input: c.Input, Options: c.Options,
		IdempotencyKey: idempotencyKey(in.ID, n), ReadyAt: now, WaitsFor: i, NoCancel: true}
}

// compensated commits the outcome of undo step st: the next undo step, or,
// after the first registered, the instance's end, its error naming the
// undo steps that ran and failed.
func (e *Engine) compensated(ctx context.Context, c *committer, cp *Checkpoint, st *Step, in *Instance, result json.RawMessage, err error, ev Event) {
	now := e.clock.Now()
	cp.Now, cp.Frame, cp.PC, cp.Result = now, in.Frame, in.PC, result
	if err != nil {
		cp.Error = core.EncodeError(err)
	}
	cp.Output, cp.FinalError = in.Output, in.Error
	var comps []compensation
	json.Unmarshal(in.Compensations, &comps)
	if i := st.WaitsFor - 1; i >= 0 && i < len(comps) {
		cp.Status, cp.Next, cp.NextStep = StatusRunning, compensateStep(in, in.NextStep, i, comps[i], now), in.NextStep+1
		e.commit(ctx, c, cp, ev)
		return
	}
	werr, derr := core.DecodeError(in.Error)
	if derr != nil || werr == nil {
		werr = fmt.Errorf("durgen: instance %s: workflow error lost: %v", in.ID, derr)
	}
	var done, failed []string
	steps, lerr := e.store.StepList(ctx, in.ID)
	if lerr != nil {
		e.emit(withErr(withKind(ev, EventError), lerr))
		return // the step's lease expires and it runs again
	}
	for _, s := range steps {
		if s.Kind != StepCompensate {
			continue
		}
		serr := s.Error
		if s.Number == st.Number {
			serr = cp.Error
		} else if s.Status != StepDone {
			continue
		}
		name := s.Activity[strings.LastIndex(s.Activity, "/")+1:]
		if e, _ := core.DecodeError(serr); e != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", name, e))
		} else {
			done = append(done, name)
		}
	}
	cp.Status = StatusFailed
	if in.Canceled && errors.Is(werr, durgen.ErrCanceled) {
		cp.Status = StatusCanceled
	}
	cp.FinalError = core.EncodeError(durgen.CompensationError(werr, done, failed))
	cp.NextStep = in.NextStep
	e.commit(ctx, c, cp, ev)
}

// goStep is the step recording a durgen.Go start.
func (e *Engine) goStep(in *Instance, pc int, s core.Start, now time.Time) *StepNew {
	n := &StepNew{Number: s.Step, Kind: StepGo, PC: pc, Input: s.Input, Options: s.Options,
		IdempotencyKey: idempotencyKey(in.ID, s.Step), ReadyAt: now, NoCancel: s.NoCancel}
	if s.Timer {
		n.Kind, n.ReadyAt = StepTimer, s.Until
		return n
	}
	if s.Child {
		n.Kind = StepSpawn
		w, ok := machine.LookupFunc(s.Func)
		switch {
		case s.Err != nil:
			n.Error = core.EncodeError(fmt.Errorf("durgen: instance %s (workflow %s) at label %d: encode input of durgen.Spawn: %w", in.ID, in.Workflow, pc, s.Err))
		case !ok:
			n.Error = core.EncodeError(fmt.Errorf("durgen: instance %s (workflow %s) at label %d: durgen.Spawn of %s: %w", in.ID, in.Workflow, pc, funcName(s.Func), ErrUnknownWorkflow))
		default:
			n.Child, n.Error = e.child(in, s.Step, w.Name, s.Input, now)
		}
		return n
	}
	a, ok := machine.LookupActivityFunc(s.Func)
	switch {
	case s.Err != nil:
		n.Error = core.EncodeError(fmt.Errorf("durgen: instance %s (workflow %s) at label %d: encode input of durgen.Go: %w", in.ID, in.Workflow, pc, s.Err))
	case !ok:
		n.Error = core.EncodeError(fmt.Errorf("durgen: instance %s (workflow %s) at label %d: durgen.Go of %s: %w", in.ID, in.Workflow, pc, funcName(s.Func), ErrUnknownActivity))
	default:
		n.Activity = a.Name
	}
	return n
}

// child returns the instance that step n of in starts, a workflow named
// name with input, or the error that ends the step at once.
func (e *Engine) child(in *Instance, n int, name string, input json.RawMessage, now time.Time) (*InstanceCreateParams, json.RawMessage) {
	w, ok := machine.Lookup(name)
	if !ok {
		return nil, core.EncodeError(fmt.Errorf("durgen: instance %s (workflow %s): child workflow %s: %w", in.ID, in.Workflow, name, ErrUnknownWorkflow))
	}
	f, err := w.Start(input)
	if err != nil {
		return nil, core.EncodeError(err)
	}
	frame, err := machine.EncodeFrame(f)
	if err != nil {
		return nil, core.EncodeError(fmt.Errorf("durgen: child workflow %s: encode frame: %w", name, err))
	}
	return &InstanceCreateParams{ID: fmt.Sprintf("%s/%d", in.ID, n), Workflow: w.Name, Shape: w.Shape, Input: input, Frame: frame, Now: now}, nil
}

// complete records the outcome of a go step.
func (e *Engine) complete(ctx context.Context, st *Step, result json.RawMessage, err error, ev Event) {
	p := StepCompleteParams{InstanceID: st.InstanceID, Step: st.Number, Owner: e.opts.Owner, Fence: st.Fence, Result: result, Now: e.clock.Now()}
	if err != nil {
		p.Result, p.Error = nil, core.EncodeError(err)
	}
	cerr := e.store.StepComplete(ctx, p)
	switch {
	case errors.Is(cerr, ErrFenced):
		e.emit(withErr(withKind(ev, EventFenced), cerr))
	case cerr != nil:
		e.emit(withErr(withKind(ev, EventError), cerr))
	default:
		e.emit(withKind(ev, EventCheckpointCommitted))
		e.notifyChanged()
	}
}

// commit hands cp to the committer, waits for its transaction and reports.
// It reports whether cp was applied.
func (e *Engine) commit(ctx context.Context, c *committer, cp *Checkpoint, ev Event) bool {
	batch, err := c.commit(ctx, cp)
	ev.Batch = batch
	switch {
	case errors.Is(err, ErrFenced):
		e.emit(withErr(withKind(ev, EventFenced), err))
	case err != nil:
		e.emit(withErr(withKind(ev, EventError), err))
	default:
		ev.Kind, ev.PC, ev.Next, ev.Status = EventCheckpointCommitted, cp.PC, cp.Next, cp.Status
		e.emit(ev)
		return true
	}
	return false
}

// chainedClaim is the claim of the step cp recorded and leased to its
// owner, in the instance in as cp left it.
func chainedClaim(cp *Checkpoint, in *Instance) *Claim {
	n := cp.Next
	return &Claim{
		Step: &Step{InstanceID: in.ID, Number: n.Number, Kind: n.Kind, PC: n.PC, Activity: n.Activity, Input: n.Input, Options: n.Options,
			IdempotencyKey: n.IdempotencyKey, Status: StepRunning, Attempt: 1, ReadyAt: n.ReadyAt, LeaseOwner: cp.ChainOwner,
			LeaseExpires: cp.ChainLeaseExpires, Fence: 1, CreatedAt: cp.Now, NoCancel: n.NoCancel},
		Instance: in,
	}
}

// step runs one continuation, turning a panic into an error.
func step(f machine.Frame, s *core.State) (cmd machine.Command, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("continuation panicked: %v", r)
		}
	}()
	return f.Step(s), nil
}

// call runs a call step's activity once. If the attempt failed and the
// policy allows another, it records the retry and reports retry true.
func (e *Engine) call(ctx context.Context, st *Step, in *Instance, ev Event) (json.RawMessage, error, bool) {
	var opts []durgen.Option
	if len(st.Options) > 0 {
		if err := json.Unmarshal(st.Options, &opts); err != nil {
			return nil, fmt.Errorf("durgen: step %s: decode options: %w", st.IdempotencyKey, err), false
		}
	}
	policy, timeout := e.policy(opts)
	var deadline time.Time // the call's overall deadline (durgen.Deadline), clock time
	for _, o := range opts {
		if o.Deadline > 0 {
			deadline = st.CreatedAt.Add(o.Deadline)
		}
	}
	if !deadline.IsZero() {
		left := deadline.Sub(e.clock.Now())
		if left <= 0 {
			prev, _ := core.DecodeError(st.Error)
			return nil, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: activity %s: deadline passed after %d attempts (last: %v): %w",
				in.ID, in.Workflow, st.PC, st.Activity, st.Attempt-1, prev, durgen.ErrTimeout), false
		}
		if timeout <= 0 || left < timeout {
			timeout = left
		}
	}

	// A step taken over from a lost worker: the lost attempt counts.
	if prev, _ := core.DecodeError(st.Error); st.Attempt > 1 && errors.Is(prev, durgen.ErrWorkerLost) &&
		(st.Attempt > policy.MaxAttempts || nonRetryable(policy, prev)) {
		return nil, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: activity %s, attempt %d: %w",
			in.ID, in.Workflow, st.PC, st.Activity, st.Attempt-1, prev), false
	}

	var (
		result  json.RawMessage
		err     error
		details json.RawMessage
	)
	a, ok := e.activity(st.Activity)
	if !ok {
		err = fmt.Errorf("durgen: instance %s (workflow %s) at label %d: activity %s: %w", in.ID, in.Workflow, st.PC, st.Activity, ErrUnknownActivity)
	} else {
		actx, cancel := context.WithCancelCause(ctx)
		if timeout > 0 {
			var cancelT context.CancelFunc
			actx, cancelT = context.WithTimeout(actx, timeout)
			defer cancelT()
		}
		hb := &beat{kick: make(chan struct{}, 1)}
		stopBeat := e.heartbeat(actx, st, cancel, hb)
		actx = durgen.WithActivityInfo(actx, durgen.ActivityInfo{
			InstanceID: in.ID, Step: st.Number, Attempt: st.Attempt, IdempotencyKey: st.IdempotencyKey, Heartbeat: st.Heartbeat,
		})
		actx = durgen.WithHeartbeat(actx, hb.record)
		result, err = runActivity(actx, a, st.Input)
		stopBeat()
		details = hb.latest()
		cancel(nil)
	}
	e.emit(withErr(withKind(ev, EventActivityReturned), err))
	if err == nil {
		return result, nil, false
	}
	readyAt := e.clock.Now().Add(backoff(policy, st.Attempt))
	if !deadline.IsZero() && !readyAt.Before(deadline) {
		// No attempt may start after the deadline.
		return result, fmt.Errorf("durgen: instance %s (workflow %s) at label %d: activity %s: deadline passes before attempt %d: %w (last: %w)",
			in.ID, in.Workflow, st.PC, st.Activity, st.Attempt+1, durgen.ErrTimeout, err), false
	}
	if st.Attempt < policy.MaxAttempts && !nonRetryable(policy, err) && !durgen.IsPermanent(err) {
		rerr := e.store.StepRetry(ctx, StepRetryParams{
			InstanceID: in.ID, Step: st.Number, Owner: e.opts.Owner, Fence: st.Fence, ReadyAt: readyAt, Error: core.EncodeError(err),
			Heartbeat: details, Now: e.clock.Now(),
		})
		switch {
		case errors.Is(rerr, ErrFenced):
			e.emit(withErr(withKind(ev, EventFenced), rerr))
		case rerr != nil:
			e.emit(withErr(withKind(ev, EventError), rerr))
		default:
			r := withErr(withKind(ev, EventStepRetried), err)
			r.ReadyAt = readyAt
			e.emit(r)
		}
		return nil, nil, true
	}
	// The last attempt's result goes with its error: Go lets an activity
	// return both, and the workflow sees both, as in direct mode.
	return result, err, false
}

func runActivity(ctx context.Context, a *machine.Activity, input json.RawMessage) (out json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("durgen: activity %s panicked: %v", a.Name, r)
		}
	}()
	return a.Call(ctx, input)
}

// beat holds the details of an activity's heartbeats.
type beat struct {
	mu      sync.Mutex
	details json.RawMessage
	dirty   bool
	kick    chan struct{}
}

// record is the activity's durgen.Heartbeat.
func (b *beat) record(details []any) {
	var data json.RawMessage
	if len(details) > 0 {
		var err error
		if data, err = json.Marshal(details); err != nil {
			data, _ = json.Marshal([]string{"durgen: heartbeat details not encodable: " + err.Error()})
		}
	}
	b.mu.Lock()
	if data != nil {
		b.details, b.dirty = data, true
	}
	b.mu.Unlock()
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// take returns the details not yet saved.
func (b *beat) take() json.RawMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.dirty {
		return nil
	}
	b.dirty = false
	return b.details
}

func (b *beat) latest() json.RawMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.details
}

// heartbeat extends st's lease every third of the lease while an activity
// runs, and sooner (at most ten times a lease) when the activity calls
// durgen.Heartbeat, saving its details; if the lease is lost, it cancels
// the activity.
func (e *Engine) heartbeat(ctx context.Context, st *Step, cancel context.CancelCauseFunc, b *beat) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(e.opts.Lease / 3)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-b.kick:
				if time.Since(last) < e.opts.Lease/10 {
					continue
				}
			case <-t.C:
			}
			last = time.Now()
			err := e.store.StepHeartbeat(ctx, StepHeartbeatParams{
				InstanceID: st.InstanceID, Step: st.Number, Owner: e.opts.Owner, Fence: st.Fence,
				LeaseExpires: time.Now().Add(e.opts.Lease), Heartbeat: b.take(),
			})
			if errors.Is(err, ErrFenced) {
				cancel(err)
				return
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// policy merges a call's options with the engine's defaults.
func (e *Engine) policy(opts []durgen.Option) (durgen.RetryPolicy, time.Duration) {
	p := e.opts.Retry
	var timeout time.Duration
	for _, o := range opts {
		if o.Retry != nil {
			p = *o.Retry
		}
		if o.Timeout > 0 {
			timeout = o.Timeout
		}
	}
	def := DefaultRetryPolicy
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = def.MaxAttempts
	}
	if p.InitialInterval <= 0 {
		p.InitialInterval = def.InitialInterval
	}
	if p.BackoffCoefficient < 1 {
		p.BackoffCoefficient = def.BackoffCoefficient
	}
	if p.MaxInterval <= 0 {
		p.MaxInterval = def.MaxInterval
	}
	return p, timeout
}

// DefaultRetryPolicy fills the fields that a call's policy and
// Options.Retry leave zero.
var DefaultRetryPolicy = durgen.RetryPolicy{
	MaxAttempts:        5,
	InitialInterval:    time.Second,
	BackoffCoefficient: 2,
	MaxInterval:        5 * time.Minute,
}

// backoff is the wait after the attempt-th failed attempt.
func backoff(p durgen.RetryPolicy, attempt int) time.Duration {
	d := float64(p.InitialInterval) * math.Pow(p.BackoffCoefficient, float64(attempt-1))
	d = min(d, float64(p.MaxInterval))
	if p.Jitter > 0 {
		d += d * p.Jitter * (2*rand.Float64() - 1)
	}
	return time.Duration(max(d, 0))
}

// nonRetryable reports whether err, an error it wraps, or a registered
// sentinel it matches has a message the policy lists as non-retryable.
func nonRetryable(p durgen.RetryPolicy, err error) bool {
	for _, msg := range core.Messages(err) {
		for _, m := range p.NonRetryable {
			if msg == m {
				return true
			}
		}
	}
	return false
}

func idempotencyKey(instance string, step int) string { return fmt.Sprintf("%s/%d", instance, step) }

func withKind(ev Event, k EventKind) Event { ev.Kind = k; return ev }

func withErr(ev Event, err error) Event { ev.Err = err; return ev }

// committer is the single writer of checkpoints. Workers hand it their
// checkpoints; it applies all that are waiting in one store transaction, so
// that checkpoints ready at the same moment share one fsync (group commit),
// and each worker continues only once its own checkpoint is durable.
type committer struct {
	e    *Engine
	reqs chan *commitReq
	// quit is closed when the committer stops.
	quit chan struct{}
}

type commitReq struct {
	cp    *Checkpoint
	done  chan struct{}
	err   error
	batch int
}

// commit submits cp and waits for its transaction; it returns cp's outcome
// and the number of checkpoints in that transaction.
func (c *committer) commit(ctx context.Context, cp *Checkpoint) (int, error) {
	r := &commitReq{cp: cp, done: make(chan struct{})}
	select {
	case c.reqs <- r:
	case <-ctx.Done():
		return 0, fmt.Errorf("durgen: checkpoint of %s/%d not submitted: %w", cp.InstanceID, cp.Step, ctx.Err())
	}
	select {
	case <-r.done:
		return r.batch, r.err
	case <-c.quit:
		return 0, fmt.Errorf("durgen: checkpoint of %s/%d abandoned at shutdown", cp.InstanceID, cp.Step)
	}
}

// run serves checkpoints until quit is closed, which Run does only once no
// worker goroutine is left to submit one.
func (c *committer) run(quit <-chan struct{}) {
	batch := make([]*commitReq, 0, c.e.opts.BatchSize)
	for {
		var first *commitReq
		select {
		case first = <-c.reqs:
		case <-quit:
			return
		}
		batch = append(batch[:0], first)
	drain:
		for len(batch) < c.e.opts.BatchSize {
			select {
			case r := <-c.reqs:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		cps := make([]*Checkpoint, len(batch))
		for i, r := range batch {
			cps[i] = r.cp
		}
		// The transaction is not cancelled by shutdown: a checkpoint whose
		// activity ran is worth committing.
		errs, err := c.e.store.CheckpointCommit(context.Background(), cps)
		c.e.commits.Add(1)
		c.e.checkpoints.Add(int64(len(cps)))
		for i, r := range batch {
			r.batch = len(batch)
			if err != nil {
				r.err = err
			} else {
				r.err = errs[i]
			}
			close(r.done)
		}
		c.e.notifyChanged()
	}
}

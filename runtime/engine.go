package runtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"reflect"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/internal/core"
	"github.com/durgen/durgen/machine"
)

// Errors of the engine, matched with errors.Is.
var (
	// ErrUnknownWorkflow: the workflow is not registered in this process
	// (its generated *_durgen.go is missing or not linked in).
	ErrUnknownWorkflow = errors.New("durgen: workflow not registered")
	// ErrUnknownActivity: an activity a step calls is not registered in
	// this process.
	ErrUnknownActivity = errors.New("durgen: activity not registered")
	// ErrInterrupted is recorded for an attempt the engine gave up on at
	// shutdown.
	ErrInterrupted = errors.New("durgen: attempt interrupted")
)

// InstanceError is the error of an instance that ended without a result:
// the workflow returned an error, or the engine failed it. It names the
// instance, the workflow and the label where it ended, and unwraps to the
// workflow's error (which keeps errors.Is identity with sentinels registered
// with durgen.RegisterError).
type InstanceError struct {
	InstanceID string
	Workflow   string
	Label      int
	Status     Status
	Err        error
}

func (e *InstanceError) Error() string {
	return fmt.Sprintf("durgen: instance %s (workflow %s) %s at label %d: %v", e.InstanceID, e.Workflow, e.Status, e.Label, e.Err)
}

func (e *InstanceError) Unwrap() error { return e.Err }

// Options configure an Engine. The zero value is usable.
type Options struct {
	// Clock is the time of timers, retries and durgen.Now; nil means the
	// wall clock.
	Clock Clock
	// Owner names this worker in leases; empty means host-pid-random.
	Owner string
	// Lease is how long a claimed step stays this worker's without a
	// heartbeat (wall time); zero means 30s. A crashed worker's steps are
	// taken over after it.
	Lease time.Duration
	// Concurrency bounds the steps handled at once; zero means 8.
	Concurrency int
	// Poll is how often an idle worker looks for work that other
	// processes recorded or abandoned (wall time); zero means 1s.
	Poll time.Duration
	// BatchSize bounds the checkpoints in one transaction; zero means 128.
	BatchSize int
	// Retry is the default retry policy of activity calls.
	Retry durgen.RetryPolicy
	// ShutdownGrace is how long Run waits for in-flight steps after its
	// context is cancelled before abandoning them; zero means 10s.
	ShutdownGrace time.Duration
	// Workflows restricts the workflows this worker runs; empty means all
	// registered in the process.
	Workflows []string
	// Receivers are the receivers of the workflows that are methods, one
	// per type (see machine.Bind): the handles their steps use, supplied
	// by each worker and never saved.
	Receivers []any
	// OnEvent, if set, is called at the points named by the Event kinds,
	// on the goroutine handling the step.
	OnEvent func(Event)
	// Activities replace, in this engine only, the registered activities
	// of the same names: test fakes (see runtime/durgentest).
	Activities []*machine.Activity
	// HistoryRetention, if set, is how long (clock time) the history of
	// an ended instance is kept; the worker prunes older history about
	// once a minute. Zero keeps it forever.
	HistoryRetention time.Duration
}

// Engine starts instances and runs workers against a Store.
type Engine struct {
	store Store
	opts  Options
	clock Clock

	// wake is signalled when this process records work (a start).
	wake chan struct{}
	// changedMu guards changed, which is closed and replaced whenever this
	// process commits checkpoints, to wake local waiters.
	changedMu sync.Mutex
	changed   chan struct{}

	commits     atomic.Int64
	checkpoints atomic.Int64
	// draining is set when Run stops taking work: commits stop leasing
	// the next step to this worker.
	draining atomic.Bool
}

// New returns an engine on store.
func New(store Store, opts Options) *Engine {
	for _, r := range opts.Receivers {
		machine.Bind(r)
	}
	if opts.Clock == nil {
		opts.Clock = RealClock()
	}
	if opts.Owner == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		opts.Owner = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	if opts.Lease <= 0 {
		opts.Lease = 30 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 128
	}
	if opts.ShutdownGrace <= 0 {
		opts.ShutdownGrace = 10 * time.Second
	}
	return &Engine{
		store:   store,
		opts:    opts,
		clock:   opts.Clock,
		wake:    make(chan struct{}, 1),
		changed: make(chan struct{}),
	}
}

// activity returns the activity named name: an override, or the registered
// one.
func (e *Engine) activity(name string) (*machine.Activity, bool) {
	for _, a := range e.opts.Activities {
		if a.Name == name {
			return a, true
		}
	}
	return machine.LookupActivity(name)
}

// Store returns the engine's store.
func (e *Engine) Store() Store { return e.store }

// Clock returns the engine's clock.
func (e *Engine) Clock() Clock { return e.clock }

// Owner returns the name this engine's worker holds leases under.
func (e *Engine) Owner() string { return e.opts.Owner }

// Stats counts this engine's commits.
type Stats struct {
	// Commits is the number of checkpoint transactions.
	Commits int64
	// Checkpoints is the number of checkpoints they applied or rejected.
	Checkpoints int64
}

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats {
	return Stats{Commits: e.commits.Load(), Checkpoints: e.checkpoints.Load()}
}

// Start starts an instance of workflow wf with input in under id, or returns
// the instance already started under id (its input is not compared). It is
// an error, matching ErrInstanceExists, if id runs another workflow.
func Start[I, O any](ctx context.Context, e *Engine, id string, wf func(durgen.Context, I) (O, error), in I) (*Instance, error) {
	w, ok := machine.LookupFunc(wf)
	if !ok {
		return nil, fmt.Errorf("durgen: start instance %s of %s: %w (run go generate and import its package)", id, funcName(wf), ErrUnknownWorkflow)
	}
	return e.start(ctx, id, w, in)
}

// StartName is Start with the workflow given by its registered name
// ("<import path>.<Func>") and an input that encodes to its input type.
func (e *Engine) StartName(ctx context.Context, id, workflow string, in any) (*Instance, error) {
	w, ok := machine.Lookup(workflow)
	if !ok {
		return nil, fmt.Errorf("durgen: start instance %s of %s: %w", id, workflow, ErrUnknownWorkflow)
	}
	return e.start(ctx, id, w, in)
}

func (e *Engine) start(ctx context.Context, id string, w *machine.Workflow, in any) (*Instance, error) {
	if id == "" {
		return nil, fmt.Errorf("durgen: start workflow %s: empty instance ID", w.Name)
	}
	input, err := machine.EncodeValue(in)
	if err != nil {
		return nil, fmt.Errorf("durgen: start instance %s of %s: encode input: %w", id, w.Name, err)
	}
	f, err := w.Start(input)
	if err != nil {
		return nil, fmt.Errorf("durgen: start instance %s: %w", id, err)
	}
	frame, err := machine.EncodeFrame(f)
	if err != nil {
		return nil, fmt.Errorf("durgen: start instance %s of %s: encode frame: %w", id, w.Name, err)
	}
	res, err := e.store.InstanceCreate(ctx, InstanceCreateParams{
		ID: id, Workflow: w.Name, Shape: w.Shape, Input: input, Frame: frame, Now: e.clock.Now(),
	})
	if err != nil {
		return nil, fmt.Errorf("durgen: start instance %s of %s: %w", id, w.Name, err)
	}
	if res.Created {
		select {
		case e.wake <- struct{}{}:
		default:
		}
	}
	return res.Instance, nil
}

// Get returns the stored instance id: status, label, frame as JSON.
func (e *Engine) Get(ctx context.Context, id string) (*Instance, error) {
	return e.store.InstanceGet(ctx, id)
}

// Wait blocks until instance id has ended (completed, failed or
// incompatible) or ctx is done, and returns it. Completions by other
// processes are seen by polling the store.
func (e *Engine) Wait(ctx context.Context, id string) (*Instance, error) {
	delay := time.Millisecond
	for {
		e.changedMu.Lock()
		changed := e.changed
		e.changedMu.Unlock()
		in, err := e.store.InstanceGet(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.Status.IsDone() {
			return in, nil
		}
		tm := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			tm.Stop()
			return in, fmt.Errorf("durgen: wait for instance %s (workflow %s, label %d): %w", id, in.Workflow, in.PC, ctx.Err())
		case <-changed:
		case <-tm.C:
		}
		tm.Stop()
		delay = min(2*delay, e.opts.Poll, 100*time.Millisecond)
	}
}

// Result waits for instance id to end and returns the workflow's result, or
// an *InstanceError wrapping the workflow's error.
func Result[O any](ctx context.Context, e *Engine, id string) (O, error) {
	var out O
	in, err := e.Wait(ctx, id)
	if err != nil {
		return out, err
	}
	return Output[O](in)
}

// Output decodes the outcome of an ended instance: its result, or an
// *InstanceError wrapping the workflow's error.
func Output[O any](in *Instance) (O, error) {
	var out O
	switch in.Status {
	case StatusCompleted:
		if err := machine.DecodeValue(in.Output, &out); err != nil {
			return out, fmt.Errorf("durgen: instance %s (workflow %s): decode result as %T: %w", in.ID, in.Workflow, out, err)
		}
		return out, nil
	case StatusRunning:
		return out, fmt.Errorf("durgen: instance %s (workflow %s) is still running at label %d", in.ID, in.Workflow, in.PC)
	}
	werr, derr := core.DecodeError(in.Error)
	if derr != nil {
		werr = derr
	}
	if werr == nil {
		werr = errors.New("no error recorded")
	}
	if len(in.Output) > 0 && in.Status == StatusFailed {
		machine.DecodeValue(in.Output, &out) // a workflow may return a partial result with its error
	}
	return out, &InstanceError{InstanceID: in.ID, Workflow: in.Workflow, Label: in.PC, Status: in.Status, Err: werr}
}

func (e *Engine) notifyChanged() {
	e.changedMu.Lock()
	close(e.changed)
	e.changed = make(chan struct{})
	e.changedMu.Unlock()
}

func (e *Engine) emit(ev Event) {
	if e.opts.OnEvent != nil {
		e.opts.OnEvent(ev)
	}
}

func funcName(fn any) string {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return fmt.Sprintf("%T", fn)
	}
	if f := goruntime.FuncForPC(v.Pointer()); f != nil {
		return f.Name()
	}
	return fmt.Sprintf("%T", fn)
}

// Signal sends the signal name with payload to instance id. A workflow
// waiting in durgen.Receive for that name resumes with it; otherwise the
// signal is kept, in order, for the next Receive. Signalling an ended
// instance is an error matching ErrInstanceEnded.
func (e *Engine) Signal(ctx context.Context, id, name string, payload any) error {
	data, err := machine.EncodeValue(payload)
	if err != nil {
		return fmt.Errorf("durgen: signal %s to instance %s: encode payload: %w", name, id, err)
	}
	if err := e.store.SignalSend(ctx, SignalSendParams{InstanceID: id, Name: name, Payload: data, Now: e.clock.Now()}); err != nil {
		return fmt.Errorf("durgen: %w", err)
	}
	select {
	case e.wake <- struct{}{}:
	default:
	}
	return nil
}

// Cancel requests the cancellation of instance id. The workflow observes it
// at its next await (or the one it is suspended on) as an error matching
// durgen.ErrCanceled; awaits made through durgen.WithoutCancel still run,
// for cleanup. If the workflow then returns an error matching ErrCanceled,
// the instance ends with StatusCanceled. An activity already running is not
// interrupted. Cancelling an ended instance is an error matching
// ErrInstanceEnded.
func (e *Engine) Cancel(ctx context.Context, id string) error {
	if err := e.store.InstanceCancel(ctx, InstanceCancelParams{ID: id, Now: e.clock.Now()}); err != nil {
		return fmt.Errorf("durgen: %w", err)
	}
	select {
	case e.wake <- struct{}{}:
	default:
	}
	return nil
}

// History returns the history of instance id, oldest first: each step
// scheduled, claimed, completed or failed, retried, each signal, the
// cancellation request and the end, each written in the transaction of
// the change it records.
func (e *Engine) History(ctx context.Context, id string) ([]*HistoryEvent, error) {
	return e.store.HistoryList(ctx, id)
}

// List returns instances, most recently created first.
func (e *Engine) List(ctx context.Context, p InstanceListParams) ([]*Instance, error) {
	return e.store.InstanceList(ctx, p)
}

// Steps returns the steps of instance id in order: each await's kind,
// activity and input as recorded before it ran, its idempotency key,
// status, attempts, lease and outcome or last error.
func (e *Engine) Steps(ctx context.Context, id string) ([]*Step, error) {
	return e.store.StepList(ctx, id)
}

// Package durgentest runs workflows in users' tests: on a temporary SQLite
// file, with a fake clock that jumps to the next timer (a ten-day sleep
// takes no time), with fake activities, and crashing at every step to check
// that a workflow survives a crash anywhere.
//
//	func TestPay(t *testing.T) {
//		r, err := durgentest.Run(t, payment.Pay, payment.Payment{ID: "p1"},
//			durgentest.Mock(payment.Charge, fakeCharge))
//		...
//		durgentest.CrashEverywhere(t, payment.Pay, payment.Payment{ID: "p1"})
//	}
package durgentest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

// Epoch is the fake clock's start.
var Epoch = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// Timeout bounds each wait for a workflow's outcome (wall time).
var Timeout = 30 * time.Second

// Option configures an Env.
type Option func(*config)

type config struct {
	opts   runtime.Options
	err    error
	paused bool
}

// Paused makes New return an Env whose worker is not running: start
// instances and send signals first, then call Env.Run.
func Paused() Option { return func(c *config) { c.paused = true } }

// WithOptions adjusts the engine's options.
func WithOptions(fn func(*runtime.Options)) Option { return func(c *config) { fn(&c.opts) } }

// Mock replaces, in the test's engine, the registered activity activity by
// fake.
func Mock[I, O any](activity, fake func(context.Context, I) (O, error)) Option {
	return func(c *config) {
		a, ok := machine.LookupActivityFunc(activity)
		if !ok {
			c.err = errors.Join(c.err, fmt.Errorf("durgentest: Mock: activity %T is not registered by any generated workflow", activity))
			return
		}
		c.opts.Activities = append(c.opts.Activities, machine.NewActivity(a.Name, fake))
	}
}

// Env is an engine on a temporary SQLite file with a fake clock.
type Env struct {
	Engine *runtime.Engine
	Store  *sqlite.Store
	Clock  *runtime.FakeClock
	// Path is the database file.
	Path string
}

func configure(t testing.TB, opts []Option) config {
	t.Helper()
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.err != nil {
		t.Fatal(c.err)
	}
	return c
}

// New returns an Env whose worker runs until the test ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	c := configure(t, opts)
	env := newEnv(t, filepath.Join(t.TempDir(), "durgen.db"), c.opts, runtime.NewFakeClock(Epoch, true))
	if !c.paused {
		env.run(t)
	}
	return env
}

func newEnv(t testing.TB, path string, opts runtime.Options, clock *runtime.FakeClock) *Env {
	t.Helper()
	store, err := sqlite.Open(path, sqlite.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	opts.Clock = clock
	return &Env{Engine: runtime.New(store, opts), Store: store, Clock: clock, Path: path}
}

// Run starts the worker of an Env made Paused; it runs until the test
// ends.
func (env *Env) Run(t testing.TB) { env.run(t) }

// run runs the env's worker until the test ends.
func (env *Env) run(t testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		env.Engine.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// Run runs workflow with input in to its end on a new Env and returns its
// outcome; an error is an *runtime.InstanceError wrapping the workflow's.
func Run[I, O any](t testing.TB, workflow func(durgen.Context, I) (O, error), in I, opts ...Option) (O, error) {
	t.Helper()
	return RunIn(t, New(t, opts...), "durgentest", workflow, in)
}

// RunIn starts workflow as instance id in env and waits for its outcome.
func RunIn[I, O any](t testing.TB, env *Env, id string, workflow func(durgen.Context, I) (O, error), in I) (O, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	if _, err := runtime.Start(ctx, env.Engine, id, workflow, in); err != nil {
		t.Fatal(err)
	}
	out, err := runtime.Result[O](ctx, env.Engine, id)
	if ctx.Err() != nil {
		t.Fatalf("durgentest: instance %s did not end within %v: %v", id, Timeout, err)
	}
	return out, err
}

// CrashEverywhere runs workflow with input in once without a crash, then
// once per step with the worker crashing at that step (before anything of
// it is committed: when it is claimed, and, for activity calls, right after
// the activity returned), a second worker taking over on the same SQLite
// file. Every run must end like the first: same result, same error message.
// Without mocks, the first run must also match direct mode (RunDirect).
func CrashEverywhere[I, O any](t *testing.T, workflow func(durgen.Context, I) (O, error), in I, opts ...Option) {
	t.Helper()
	c := configure(t, opts)
	ref := New(t, opts...)
	want, wantErr := RunIn(t, ref, "durgentest", workflow, in)
	if len(c.opts.Activities) == 0 {
		dout, derr := durgen.RunDirect(context.Background(), workflow, in)
		if !reflect.DeepEqual(dout, want) || errText(derr) != errText(wantErr) {
			t.Fatalf("durgentest: machine run ended with %v, %v; direct mode with %v, %v", want, wantErr, dout, derr)
		}
	}
	hist, err := ref.Engine.History(context.Background(), "durgentest")
	if err != nil {
		t.Fatal(err)
	}
	claims := 0
	for _, h := range hist {
		if h.Event == "claimed" {
			claims++
		}
	}
	for k := 1; k <= claims; k++ {
		for _, at := range []runtime.EventKind{runtime.EventStepClaimed, runtime.EventActivityReturned} {
			name := fmt.Sprintf("crash at %s #%d", at, k)
			t.Run(name, func(t *testing.T) {
				out, err, crashed := crashRun(t, c.opts, workflow, in, at, k)
				if at == runtime.EventActivityReturned && !crashed {
					t.Skip("fewer activity returns than steps")
				}
				if !crashed {
					t.Fatalf("the worker never reached %s #%d", at, k)
				}
				if !reflect.DeepEqual(out, want) || errText(err) != errText(wantErr) {
					t.Fatalf("after a crash at %s #%d: %v, %v; without a crash: %v, %v", at, k, out, err, want, wantErr)
				}
			})
		}
	}
}

// crashRun runs workflow with a first worker that stops dead at the k-th
// event of kind at, and a second that takes over once its lease expires.
func crashRun[I, O any](t *testing.T, opts runtime.Options, workflow func(durgen.Context, I) (O, error), in I,
	at runtime.EventKind, k int) (O, error, bool) {
	path := filepath.Join(t.TempDir(), "durgen.db")
	clock := runtime.NewFakeClock(Epoch, true)
	var (
		mu      sync.Mutex
		n       int
		crashed = make(chan struct{})
		dead    = make(chan struct{})
	)
	t.Cleanup(func() { close(dead) })
	a := opts
	a.Owner, a.Lease, a.Concurrency, a.ShutdownGrace, a.Poll = "crashing", 100*time.Millisecond, 1, 10*time.Millisecond, 20*time.Millisecond
	a.OnEvent = func(ev runtime.Event) {
		if opts.OnEvent != nil {
			opts.OnEvent(ev)
		}
		if ev.Kind != at {
			return
		}
		mu.Lock()
		n++
		hit := n == k
		mu.Unlock()
		if hit {
			close(crashed)
			<-dead // the process is gone: nothing more of this step happens
		}
	}
	first := newEnv(t, path, a, clock)
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	if _, err := runtime.Start(ctx, first.Engine, "durgentest", workflow, in); err != nil {
		t.Fatal(err)
	}
	first.run(t)
	ended := make(chan struct{})
	go func() {
		first.Engine.Wait(ctx, "durgentest")
		close(ended)
	}()
	select {
	case <-crashed:
	case <-ended:
		out, err := runtime.Result[O](ctx, first.Engine, "durgentest")
		return out, err, false
	case <-ctx.Done():
		t.Fatalf("durgentest: no %s #%d within %v", at, k, Timeout)
	}
	b := opts
	b.Owner, b.Poll = "successor", 20*time.Millisecond
	second := newEnv(t, path, b, clock)
	second.run(t)
	out, err := runtime.Result[O](ctx, second.Engine, "durgentest")
	if ctx.Err() != nil {
		t.Fatalf("durgentest: after a crash at %s #%d the instance did not end within %v: %v", at, k, Timeout, err)
	}
	return out, err, true
}

// errText is the workflow's error message, without the instance's name.
func errText(err error) string {
	var ie *runtime.InstanceError
	if errors.As(err, &ie) {
		err = ie.Err
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

// call is one activity invocation as the activity saw it.
type call struct {
	Activity string
	Info     durgen.ActivityInfo
	Input    int
}

// calls records activity invocations per instance.
var calls = struct {
	sync.Mutex
	m map[string][]call
}{m: map[string][]call{}}

func record(ctx context.Context, name string, in int) {
	info := durgen.Info(ctx)
	calls.Lock()
	calls.m[info.InstanceID] = append(calls.m[info.InstanceID], call{name, info, in})
	calls.Unlock()
}

var runs atomic.Int64

// uniq returns an instance ID unique in this test binary, so that the call
// log of one run (with -count) does not leak into the next.
func uniq(base string) string { return fmt.Sprintf("%s-%d", base, runs.Add(1)) }

func callsOf(id string) []call {
	calls.Lock()
	defer calls.Unlock()
	return append([]call(nil), calls.m[id]...)
}

func double(ctx context.Context, n int) (int, error) {
	record(ctx, "double", n)
	return 2 * n, nil
}

// sumDoubles is the workflow sumDoublesFrame implements (as in
// machine_test.go):
//
//	func sumDoubles(ctx durgen.Context, n int) (int, error) {
//		total := 0
//		for i := 0; i < n; i++ {
//			d, err := durgen.Await(ctx, double, i)
//			if err != nil {
//				return 0, err
//			}
//			total += d
//			if err := durgen.Sleep(ctx, time.Hour); err != nil {
//				return 0, err
//			}
//		}
//		return total, nil
//	}
func sumDoubles(ctx durgen.Context, n int) (int, error) {
	total := 0
	for i := 0; i < n; i++ {
		d, err := durgen.Await(ctx, double, i)
		if err != nil {
			return 0, err
		}
		total += d
		if err := durgen.Sleep(ctx, time.Hour); err != nil {
			return 0, err
		}
	}
	return total, nil
}

type sumDoublesFrame struct {
	machine.Label
	N     int `json:"n"`
	Total int `json:"total"`
	I     int `json:"i"`
}

func (f *sumDoublesFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.Total = 0
			f.I = 0
			f.PC = 1
		case 1:
			if !(f.I < f.N) {
				return machine.Return(f.Total, nil)
			}
			f.PC = 2
			return machine.Call(ctx, doubleName, double, f.I)
		case 2:
			d, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.Total += d
			f.PC = 3
			return machine.Sleep(ctx, time.Hour)
		case 3:
			if err := machine.Done(ctx); err != nil {
				return machine.Return(0, err)
			}
			f.I++
			f.PC = 1
		}
	}
}

var errDeclined = errors.New("runtime_test: declined")

// flaky fails its first n%10 attempts, then returns n; n >= 100 fails with
// errDeclined always.
func flaky(ctx context.Context, n int) (int, error) {
	record(ctx, "flaky", n)
	if n >= 100 {
		return 0, fmt.Errorf("charge %d: %w", n, errDeclined)
	}
	if n == 99 {
		return 0, durgen.Permanent(errors.New("account closed"))
	}
	if durgen.Info(ctx).Attempt <= n%10 {
		return 0, errors.New("temporarily unavailable")
	}
	return n, nil
}

// retrying is:
//
//	func retrying(ctx durgen.Context, n int) (int, error) {
//		return durgen.Await(ctx, flaky, n, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 4, InitialInterval: time.Minute}))
//	}
func retrying(ctx durgen.Context, n int) (int, error) {
	return durgen.Await(ctx, flaky, n, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 4, InitialInterval: time.Minute}))
}

type retryingFrame struct {
	machine.Label
	N int `json:"n"`
}

func (f *retryingFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.PC = 1
			return machine.Call(ctx, flakyName, flaky, f.N, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 4, InitialInterval: time.Minute}))
		case 1:
			return machine.Return(machine.Result[int](ctx))
		}
	}
}

const (
	pkg          = "github.com/durgen/durgen/runtime_test"
	doubleName   = pkg + ".double"
	flakyName    = pkg + ".flaky"
	sumDoublesWF = pkg + ".sumDoubles"
)

func init() {
	durgen.RegisterError(errDeclined)
	machine.Register(machine.Define(sumDoublesWF, sumDoubles, "shape-sum-1",
		func(n int) *sumDoublesFrame { return &sumDoublesFrame{N: n} },
		machine.NewActivity(doubleName, double)))
	machine.Register(machine.Define(pkg+".retrying", retrying, "shape-retrying-1",
		func(n int) *retryingFrame { return &retryingFrame{N: n} },
		machine.NewActivity(flakyName, flaky)))
}

var epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func openStore(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newEngine returns an engine on a fresh SQLite file with a fake clock that
// jumps to the next timer, and runs its worker until the test ends.
func newEngine(t *testing.T, opts runtime.Options) *runtime.Engine {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = runtime.NewFakeClock(epoch, true)
	}
	e := runtime.New(openStore(t, filepath.Join(t.TempDir(), "durgen.db")), opts)
	run(t, e)
	return e
}

func run(t *testing.T, e *runtime.Engine) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- e.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

func deadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestRunToCompletion(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	id := uniq("sum")
	if _, err := runtime.Start(ctx, e, id, sumDoubles, 4); err != nil {
		t.Fatal(err)
	}
	got, err := runtime.Result[int](ctx, e, id)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := sumDoubles(durgen.Direct(ctx), 4)
	if got != want {
		t.Fatalf("result %d, direct mode %d", got, want)
	}
	cs := callsOf(id)
	if len(cs) != 4 {
		t.Fatalf("%d activity calls, want 4: %+v", len(cs), cs)
	}
	for i, c := range cs {
		// Steps alternate call, sleep: the i-th call is step 2i+1.
		if c.Input != i || c.Info.Step != 2*i+1 || c.Info.Attempt != 1 || c.Info.IdempotencyKey != fmt.Sprintf("%s/%d", id, 2*i+1) {
			t.Fatalf("call %d: %+v", i, c)
		}
	}
	// Four one-hour sleeps passed on the fake clock.
	if now := e.Clock().Now(); now.Before(epoch.Add(4 * time.Hour)) {
		t.Fatalf("clock at %v after four one-hour sleeps from %v", now, epoch)
	}
	in, err := e.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if in.Status != runtime.StatusCompleted || string(in.Output) != "12" || in.NextStep != 9 {
		t.Fatalf("instance %+v", in)
	}
	steps, err := e.Store().StepList(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.Status != runtime.StepDone {
			t.Fatalf("step %d %s", st.Number, st.Status)
		}
		if st.Kind == runtime.StepSleep && !st.DoneAt.Equal(st.ReadyAt) {
			t.Fatalf("sleep step %d resolved at %v, due %v: the fake clock should jump exactly to the timer", st.Number, st.DoneAt, st.ReadyAt)
		}
	}
}

func TestStartIdempotent(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	a, err := runtime.Start(ctx, e, "same", sumDoubles, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := runtime.Start(ctx, e, "same", sumDoubles, 3)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || string(b.Input) != "2" {
		t.Fatalf("second start returned %+v, want the first instance", b)
	}
	if got, err := runtime.Result[int](ctx, e, "same"); err != nil || got != 2 {
		t.Fatalf("result %d, %v; want 2", got, err)
	}
	_, err = runtime.Start(ctx, e, "same", retrying, 1)
	if !errors.Is(err, runtime.ErrInstanceExists) {
		t.Fatalf("start of another workflow under a taken ID: %v, want ErrInstanceExists", err)
	}
	_, err = runtime.Start(ctx, e, "x", func(durgen.Context, int) (int, error) { return 0, nil }, 1)
	if !errors.Is(err, runtime.ErrUnknownWorkflow) {
		t.Fatalf("start of an unregistered function: %v, want ErrUnknownWorkflow", err)
	}
	if _, err := e.StartName(ctx, "by-name", sumDoublesWF, 1); err != nil {
		t.Fatal(err)
	}
	if got, err := runtime.Result[int](ctx, e, "by-name"); err != nil || got != 0 {
		t.Fatalf("by name: %d, %v", got, err)
	}
}

func TestRetry(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var retried []runtime.Event
	e := newEngine(t, runtime.Options{OnEvent: func(ev runtime.Event) {
		if ev.Kind == runtime.EventStepRetried {
			mu.Lock()
			retried = append(retried, ev)
			mu.Unlock()
		}
	}})
	ctx := deadline(t)
	id3, id5 := uniq("retry"), uniq("retry")
	runtime.Start(ctx, e, id3, retrying, 3) // fails attempts 1-3, attempt 4 succeeds
	got, err := runtime.Result[int](ctx, e, id3)
	if err != nil || got != 3 {
		t.Fatalf("result %d, %v; want 3", got, err)
	}
	cs := callsOf(id3)
	if len(cs) != 4 {
		t.Fatalf("%d attempts, want 4", len(cs))
	}
	for i, c := range cs {
		if c.Info.Attempt != i+1 || c.Info.IdempotencyKey != id3+"/1" || c.Input != 3 {
			t.Fatalf("attempt %d: %+v; want the same key and input on every attempt", i+1, c)
		}
	}
	mu.Lock()
	nretried := len(retried)
	mu.Unlock()
	if nretried != 3 {
		t.Fatalf("%d retry events, want 3", nretried)
	}
	// Exponential backoff from one minute on the fake clock.
	steps, _ := e.Store().StepList(ctx, id3)
	if d := steps[1].DoneAt.Sub(epoch); d < 7*time.Minute {
		t.Fatalf("three retries with backoff 1m, 2m, 4m done after %v", d)
	}

	// Too many failures: the workflow sees the last error.
	runtime.Start(ctx, e, id5, retrying, 5)
	_, err = runtime.Result[int](ctx, e, id5)
	var ie *runtime.InstanceError
	if !errors.As(err, &ie) || ie.InstanceID != id5 || ie.Status != runtime.StatusFailed || ie.Label != 1 {
		t.Fatalf("error %v, want an InstanceError at label 1", err)
	}
	if n := len(callsOf(id5)); n != 4 {
		t.Fatalf("%d attempts, want MaxAttempts 4", n)
	}
}

func TestErrorIdentity(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{Retry: durgen.RetryPolicy{NonRetryable: []string{errDeclined.Error()}}})
	ctx := deadline(t)
	id := uniq("declined")
	runtime.Start(ctx, e, id, retrying, 100)
	_, err := runtime.Result[int](ctx, e, id)
	if !errors.Is(err, errDeclined) {
		t.Fatalf("error %v does not match the registered sentinel", err)
	}
	if msg := err.Error(); msg != "durgen: instance "+id+" (workflow "+pkg+".retrying) failed at label 1: charge 100: runtime_test: declined" {
		t.Fatalf("error message %q", msg)
	}
	// The call's own policy (4 attempts) replaces the engine default, and
	// it has no NonRetryable list: all 4 attempts ran.
	if n := len(callsOf(id)); n != 4 {
		t.Fatalf("%d attempts", n)
	}
}

func TestPermanentError(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	id := uniq("permanent")
	runtime.Start(ctx, e, id, retrying, 99)
	_, err := runtime.Result[int](ctx, e, id)
	if err == nil || !strings.HasSuffix(err.Error(), ": account closed") {
		t.Fatalf("error %v", err)
	}
	if n := len(callsOf(id)); n != 1 {
		t.Fatalf("%d attempts of a permanent failure, want 1", n)
	}
}

func TestGroupCommit(t *testing.T) {
	t.Parallel()
	const n = 64
	e := runtime.New(openStore(t, filepath.Join(t.TempDir(), "durgen.db")), runtime.Options{
		Clock: runtime.NewFakeClock(epoch, true), Concurrency: n,
	})
	ctx := deadline(t)
	for i := range n {
		if _, err := runtime.Start(ctx, e, fmt.Sprintf("g%d", i), sumDoubles, 3); err != nil {
			t.Fatal(err)
		}
	}
	run(t, e)
	for i := range n {
		if got, err := runtime.Result[int](ctx, e, fmt.Sprintf("g%d", i)); err != nil || got != 6 {
			t.Fatalf("g%d: %d, %v", i, got, err)
		}
	}
	st := e.Stats()
	if st.Checkpoints != n*7 {
		t.Fatalf("%d checkpoints, want %d", st.Checkpoints, n*7)
	}
	if st.Commits >= st.Checkpoints {
		t.Fatalf("%d transactions for %d checkpoints: no group commit", st.Commits, st.Checkpoints)
	}
	t.Logf("%d checkpoints in %d transactions", st.Checkpoints, st.Commits)
}

// TestStaleWorkerFenced: worker A stalls after its activity returned; its
// lease expires and worker B (another store on the same file, as another
// process would be) re-runs the step with the same key and input and
// commits. A's late commit is rejected.
func TestStaleWorkerFenced(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "durgen.db")
	clock := runtime.NewFakeClock(epoch, false)
	stall, fenced := make(chan struct{}), make(chan runtime.Event, 1)
	a := runtime.New(openStore(t, path), runtime.Options{
		Clock: clock, Owner: "A", Lease: 300 * time.Millisecond, Poll: 20 * time.Millisecond, Concurrency: 1,
		OnEvent: func(ev runtime.Event) {
			switch {
			case ev.Kind == runtime.EventActivityReturned && ev.Step == 1:
				<-stall
			case ev.Kind == runtime.EventFenced:
				select {
				case fenced <- ev:
				default:
				}
			}
		},
	})
	ctx := deadline(t)
	id := uniq("stale")
	runtime.Start(ctx, a, id, sumDoubles, 1)
	run(t, a)
	// Wait for A to hold step 1 (its activity has run).
	waitFor(t, func() bool { return len(callsOf(id)) == 1 })

	b := runtime.New(openStore(t, path), runtime.Options{Clock: clock, Owner: "B", Lease: time.Minute, Poll: 20 * time.Millisecond})
	run(t, b)
	// B takes step 1 over once A's lease expires, and sleeps.
	waitFor(t, func() bool { return len(callsOf(id)) == 2 })
	waitFor(t, func() bool {
		st, _ := b.Store().StepList(ctx, id)
		return len(st) == 3
	})
	close(stall)
	select {
	case ev := <-fenced:
		if ev.Step != 1 || !errors.Is(ev.Err, runtime.ErrFenced) {
			t.Fatalf("fenced event %+v", ev)
		}
	case <-ctx.Done():
		t.Fatal("A's late commit was not rejected")
	}
	clock.Advance(time.Hour)
	if got, err := runtime.Result[int](ctx, b, id); err != nil || got != 0 {
		t.Fatalf("result %d, %v", got, err)
	}
	cs := callsOf(id)
	if len(cs) != 2 || cs[0].Info.IdempotencyKey != cs[1].Info.IdempotencyKey || cs[0].Input != cs[1].Input ||
		cs[0].Info.Attempt != 1 || cs[1].Info.Attempt != 2 {
		t.Fatalf("calls %+v: want two attempts with the same key and input", cs)
	}
}

func TestGetFrame(t *testing.T) {
	t.Parallel()
	clock := runtime.NewFakeClock(epoch, false)
	e := newEngine(t, runtime.Options{Clock: clock})
	ctx := deadline(t)
	runtime.Start(ctx, e, "frame", sumDoubles, 3)
	// The first sleep is pending: the frame is at label 3 with total 0.
	waitFor(t, func() bool {
		in, _ := e.Get(ctx, "frame")
		return in.PC == 3
	})
	in, _ := e.Get(ctx, "frame")
	if string(in.Frame) != `{"pc":3,"n":3,"total":0,"i":0}` || in.Status != runtime.StatusRunning {
		t.Fatalf("frame %s status %s", in.Frame, in.Status)
	}
	clock.Advance(time.Hour)
	waitFor(t, func() bool {
		in, _ := e.Get(ctx, "frame")
		return in.NextStep == 5
	})
	in, _ = e.Get(ctx, "frame")
	if string(in.Frame) != `{"pc":3,"n":3,"total":2,"i":1}` {
		t.Fatalf("frame after a second step %s", in.Frame)
	}
}

// waitFor polls cond until it holds or 20s pass.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	end := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(end) {
			t.Fatal("condition not reached in 20s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

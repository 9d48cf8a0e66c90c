package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

// testScale makes the workflow's ten-day sleep last half a second.
const testScale = 1728000

var payment = Payment{ID: "pay-1", Payer: "alice", Payee: "bob", Amount: 12500}

// buildWorker builds this program once, as a real binary.
var buildWorker = sync.OnceValues(func() (string, error) {
	built.Store(true)
	dir, err := os.MkdirTemp("", "durgen-payment-test-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "payment")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// TestMain removes the worker binary once all tests ran.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.Load() {
		if bin, err := buildWorker(); err == nil {
			os.RemoveAll(filepath.Dir(bin))
		}
	}
	os.Exit(code)
}

// built is set once buildWorker ran.
var built atomic.Bool

// run is one crash scenario: start pay-1 on a fresh SQLite file, run a
// worker process that is killed with SIGKILL at killAt (if set), then a
// second one on the same file that finishes the workflow.
type run struct {
	receipt Receipt
	err     error
	calls   [][]Call
	steps   []*runtime.Step
	killed  bool
}

func runScenario(t *testing.T, killAt string) *run {
	t.Helper()
	bin, err := buildWorker()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "payment.db")
	store, err := sqlite.Open(db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	realAnchor, virtualAnchor := time.Now(), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e := runtime.New(store, runtime.Options{Clock: runtime.ScaledClock(realAnchor, virtualAnchor, testScale)})
	if _, err := runtime.Start(ctx, e, "pay-1", Pay, payment); err != nil {
		t.Fatal(err)
	}
	cfg := workerConfig{DB: db, Instance: "pay-1", AnchorReal: realAnchor.UnixNano(), AnchorVirtual: virtualAnchor.UnixNano(),
		Scale: testScale, Lease: 500 * time.Millisecond, KillAt: killAt}
	var r run
	for range 2 {
		ch, err := runChild(ctx, bin, cfg)
		if err != nil {
			t.Fatal(err)
		}
		r.calls = append(r.calls, ch.Calls)
		if !ch.Killed {
			break
		}
		r.killed = true
		cfg.KillAt = ""
	}
	r.receipt, r.err = runtime.Result[Receipt](ctx, e, "pay-1")
	if r.steps, err = store.StepList(ctx, "pay-1"); err != nil {
		t.Fatal(err)
	}
	return &r
}

// directCalls runs Pay in direct mode and returns its receipt and the
// activities it called, in order.
func directCalls(t *testing.T) (Receipt, []Call) {
	var calls []Call
	setOnCall(func(c Call) { calls = append(calls, c) })
	defer setOnCall(nil)
	r, err := Pay(durgen.Direct(context.Background()), payment)
	if err != nil {
		t.Fatal(err)
	}
	return r, calls
}

// TestCrashAtEveryAwait kills a real worker process with SIGKILL at every
// await point of Pay in turn (when the step is claimed, right after its
// activity returned, right after its checkpoint committed), restarts a
// worker on the same SQLite file, and checks that the workflow ends with
// the direct-mode result and that every activity ran with the same
// arguments and idempotency key on every attempt.
func TestCrashAtEveryAwait(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs worker processes")
	}
	want, wantCalls := directCalls(t)
	parallelFirst(wantCalls)

	clean := runScenario(t, "")
	if clean.err != nil || !reflect.DeepEqual(clean.receipt, want) {
		t.Fatalf("uninterrupted run: %+v, %v; direct mode %+v", clean.receipt, clean.err, want)
	}
	var points []string
	for _, st := range clean.steps {
		switch st.Kind {
		case runtime.StepCall, runtime.StepGo:
			points = append(points, fmt.Sprintf("returned:%d", st.Number))
		default:
			points = append(points, fmt.Sprintf("claimed:%d", st.Number))
		}
		points = append(points, fmt.Sprintf("committed:%d", st.Number))
	}
	// The start, 10 awaits of activities and sleeps, the two activities
	// started with durgen.Go and the two gets that wait for them.
	if len(clean.steps) != 15 {
		t.Fatalf("%d steps in an uninterrupted run, want the start, 10 awaits, 2 started activities and 2 gets", len(clean.steps))
	}

	for _, killAt := range points {
		t.Run(killAt, func(t *testing.T) {
			t.Parallel()
			r := runScenario(t, killAt)
			if !r.killed {
				t.Fatalf("worker never reached %s", killAt)
			}
			if r.err != nil || !reflect.DeepEqual(r.receipt, want) {
				t.Fatalf("after SIGKILL at %s: %+v, %v; direct mode %+v", killAt, r.receipt, r.err, want)
			}
			if _, err := checkCalls(r.calls); err != nil {
				t.Fatal(err)
			}
			// The effective calls, one per idempotency key, are direct
			// mode's calls in order.
			var effective []Call
			seen := map[string]bool{}
			for _, calls := range r.calls {
				for _, c := range calls {
					if !seen[c.IdempotencyKey] {
						seen[c.IdempotencyKey] = true
						effective = append(effective, c)
					}
				}
			}
			if len(effective) != len(wantCalls) {
				t.Fatalf("%d distinct activity steps, direct mode called %d activities", len(effective), len(wantCalls))
			}
			parallelFirst(effective)
			for i, c := range effective {
				if c.Activity != wantCalls[i].Activity || !jsonEqual(c.Input, wantCalls[i].Input) {
					t.Fatalf("activity call %d: %s(%s), direct mode %s(%s)", i, c.Activity, c.Input, wantCalls[i].Activity, wantCalls[i].Input)
				}
			}
			// A kill between an activity's return and its commit re-runs
			// it, in the second process, under the same key.
			var n int
			if _, err := fmt.Sscanf(killAt, "returned:%d", &n); err == nil {
				key := fmt.Sprintf("pay-1/%d", n)
				var attempts []int
				for _, calls := range r.calls {
					for _, c := range calls {
						if c.IdempotencyKey == key {
							attempts = append(attempts, c.Attempt)
						}
					}
				}
				if !reflect.DeepEqual(attempts, []int{1, 2}) {
					t.Fatalf("step %s ran with attempts %v; want 1 in the killed worker and 2 after the restart", key, attempts)
				}
			}
		})
	}
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// TestTwoWorkers runs eight payments with two worker processes on one
// SQLite file, kills one with SIGKILL right after an activity returned and
// starts a third: every payment completes with its direct-mode receipt, and
// no step ran twice at once (each attempt of a step ran exactly once, in
// one process, and a step's attempts in a later process come after).
func TestTwoWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs worker processes")
	}
	bin, err := buildWorker()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "payment.db")
	store, err := sqlite.Open(db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	realAnchor, virtualAnchor := time.Now(), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e := runtime.New(store, runtime.Options{Clock: runtime.ScaledClock(realAnchor, virtualAnchor, testScale)})
	payments := map[string]Payment{}
	for i := 1; i <= 8; i++ {
		p := Payment{ID: fmt.Sprintf("pay-%d", i), Payer: fmt.Sprintf("payer%d", i), Payee: "bob", Amount: int64(1000 * i)}
		payments[p.ID] = p
		if _, err := runtime.Start(ctx, e, p.ID, Pay, p); err != nil {
			t.Fatal(err)
		}
	}
	cfg := workerConfig{DB: db, AnchorReal: realAnchor.UnixNano(), AnchorVirtual: virtualAnchor.UnixNano(),
		Scale: testScale, Lease: 500 * time.Millisecond}
	type result struct {
		ch  *child
		err error
	}
	run := func(killAt string, started chan<- struct{}) chan result {
		c := cfg
		c.KillAt = killAt
		out := make(chan result, 1)
		go func() {
			ch, err := runChildKillAfter(ctx, bin, c, 0, started)
			out <- result{ch, err}
		}()
		return out
	}
	// A is killed right after its second activity returns: soon enough that
	// B, which starts once A is at work so that the two run side by side,
	// cannot have taken all the work first.
	started := make(chan struct{})
	a := run("returned:*2", started)
	select {
	case <-started:
	case <-ctx.Done():
		t.Fatal("worker A did not start")
	}
	b := run("", nil)
	ra := <-a
	if ra.err != nil || !ra.ch.Killed {
		t.Fatalf("worker A: killed=%v, %v", ra.ch != nil && ra.ch.Killed, ra.err)
	}
	c := run("", nil)
	rb, rc := <-b, <-c
	for _, r := range []result{rb, rc} {
		if r.err != nil {
			t.Fatal(r.err)
		}
	}
	for id, p := range payments {
		want, err := Pay(durgen.Direct(ctx), p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := runtime.Result[Receipt](ctx, e, id)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %+v, %v; direct mode %+v", id, got, err, want)
		}
	}
	procs := [][]Call{ra.ch.Calls, rb.ch.Calls, rc.ch.Calls}
	if _, err := checkCalls(procs); err != nil {
		t.Fatal(err)
	}
	type attempt struct {
		key string
		n   int
	}
	ranIn := map[attempt]int{}
	for proc, calls := range procs {
		for _, call := range calls {
			at := attempt{call.IdempotencyKey, call.Attempt}
			if prev, ok := ranIn[at]; ok {
				t.Fatalf("attempt %d of %s ran in workers %d and %d", call.Attempt, call.IdempotencyKey, prev+1, proc+1)
			}
			ranIn[at] = proc
		}
	}
	reruns := 0
	for at, proc := range ranIn {
		if at.n > 1 {
			reruns++
			if prev, ok := ranIn[attempt{at.key, at.n - 1}]; !ok || prev != 0 || proc == 0 {
				t.Fatalf("attempt %d of %s (worker %d): want attempt %d in the killed worker A", at.n, at.key, proc+1, at.n-1)
			}
		}
	}
	if reruns != 1 {
		t.Fatalf("%d steps re-ran; want exactly the one A was killed in", reruns)
	}
	t.Logf("calls per worker: A %d (killed), B %d, C %d", len(ra.ch.Calls), len(rb.ch.Calls), len(rc.ch.Calls))
}

// TestCrashAtRandom kills the worker at random moments (during an
// activity, a commit, a sleep) and restarts it: the same invariants hold.
func TestCrashAtRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs worker processes")
	}
	want, wantCalls := directCalls(t)
	bin, err := buildWorker()
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for range 10 {
		delay := time.Duration(rng.Int64N(int64(700 * time.Millisecond)))
		t.Run(fmt.Sprintf("kill after %v", delay.Round(time.Millisecond)), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			db := filepath.Join(t.TempDir(), "payment.db")
			store, err := sqlite.Open(db, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			realAnchor, virtualAnchor := time.Now(), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			e := runtime.New(store, runtime.Options{Clock: runtime.ScaledClock(realAnchor, virtualAnchor, testScale)})
			if _, err := runtime.Start(ctx, e, "pay-1", Pay, payment); err != nil {
				t.Fatal(err)
			}
			cfg := workerConfig{DB: db, Instance: "pay-1", AnchorReal: realAnchor.UnixNano(), AnchorVirtual: virtualAnchor.UnixNano(),
				Scale: testScale, Lease: 500 * time.Millisecond}
			first, err := runChildKillAfter(ctx, bin, cfg, delay, nil)
			if err != nil {
				t.Fatal(err)
			}
			calls := [][]Call{first.Calls}
			if first.Killed {
				second, err := runChild(ctx, bin, cfg)
				if err != nil {
					t.Fatal(err)
				}
				calls = append(calls, second.Calls)
			}
			got, err := runtime.Result[Receipt](ctx, e, "pay-1")
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("killed=%v: %+v, %v; direct mode %+v", first.Killed, got, err, want)
			}
			if _, err := checkCalls(calls); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			var effective []Call
			for _, cs := range calls {
				for _, c := range cs {
					if !seen[c.IdempotencyKey] {
						seen[c.IdempotencyKey] = true
						effective = append(effective, c)
					}
				}
			}
			if len(effective) != len(wantCalls) {
				t.Fatalf("%d distinct activity steps, direct mode %d", len(effective), len(wantCalls))
			}
		})
	}
}

// parallelFirst puts Authorize before CheckFunds where they stand side by
// side: Pay runs them in parallel, so either may be called first.
func parallelFirst(calls []Call) {
	for i := 0; i+1 < len(calls); i++ {
		if calls[i].Activity == "CheckFunds" && calls[i+1].Activity == "Authorize" {
			calls[i], calls[i+1] = calls[i+1], calls[i]
		}
	}
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

var (
	buildOnce sync.Once
	workerBin string
	buildErr  error
)

// buildWorker builds this program once per test binary.
func buildWorker(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "durgen-saga-worker")
		if err != nil {
			buildErr = err
			return
		}
		workerBin = filepath.Join(dir, "saga")
		out, err := exec.Command("go", "build", "-o", workerBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return workerBin
}

// outcome is how an instance ended, and the calls its workers made.
type outcome struct {
	status string
	output string
	err    string
	calls  []workerLine
	steps  []*runtime.Step
}

// runTrip starts trip on a fresh SQLite file and runs it with worker
// processes: the first is killed with SIGKILL at killAt (if any), the next
// runs the instance to its end.
func runTrip(t *testing.T, trip Trip, killAt string) outcome {
	t.Helper()
	bin := buildWorker(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "saga.db")
	store, err := sqlite.Open(db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	e := runtime.New(store, runtime.Options{})
	if _, err := runtime.Start(ctx, e, trip.ID, BookTrip, trip); err != nil {
		t.Fatal(err)
	}
	var o outcome
	worker := func(killAt string) {
		cmd := exec.CommandContext(ctx, bin, "-worker", "-db", db, "-instance", trip.ID, "-kill-at", killAt)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killed := false
		if ms, ok := strings.CutPrefix(killAt, "after:"); ok {
			// A random moment: the parent kills the worker after a delay,
			// wherever it is (in an activity, in a commit), or not at all
			// if it finished first.
			var delay int
			fmt.Sscan(ms, &delay)
			timer := time.AfterFunc(time.Duration(delay)*time.Millisecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
			defer timer.Stop()
			killed = true
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var l workerLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Fatalf("worker printed %q: %v", sc.Text(), err)
			}
			switch {
			case l.Marker != "":
				cmd.Process.Signal(syscall.SIGKILL)
				killed = true
			case l.Activity != "":
				o.calls = append(o.calls, l)
			}
		}
		err = cmd.Wait()
		if killAt != "" && !killed {
			t.Fatalf("the worker never reached %s (%v)", killAt, err)
		}
		if killAt == "" && err != nil {
			t.Fatalf("worker: %v", err)
		}
	}
	if killAt != "" {
		worker(killAt)
	}
	worker("")
	in, err := e.Get(ctx, trip.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.status, o.output, o.err = string(in.Status), string(in.Output), string(in.Error)
	if o.steps, err = store.StepList(ctx, trip.ID); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestCrashMatrix kills a real worker process with SIGKILL at 8 moments
// spread over a worker's life (in an activity, in a commit, or after it
// ended) and at every point of every step of both outcomes of BookTrip (the compensations of the
// declined card included): when the step is claimed, right after its
// activity returned (before the commit), right after its commit. A new
// worker on the same file must end the instance as an uninterrupted run
// does, with every activity step's attempts given the same idempotency key
// and input, and each cancellation run for its booking.
func TestCrashMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs worker processes")
	}
	for _, card := range []string{"4242", "declined"} {
		trip := Trip{ID: "trip-" + card, From: "LIS", To: "OSL", Nights: 2, Card: card}
		clean := runTrip(t, trip, "")
		if clean.status != string(runtime.StatusCompleted) && clean.status != string(runtime.StatusFailed) {
			t.Fatalf("%s: uninterrupted run ended %s", card, clean.status)
		}
		var points []string
		// And at random moments: 8 delays spread over a worker's life.
		for i := 0; i < 8; i++ {
			points = append(points, fmt.Sprintf("after:%d", 5+i*9))
		}
		for _, st := range clean.steps {
			points = append(points, fmt.Sprintf("claimed:%d", st.Number), fmt.Sprintf("committed:%d", st.Number))
			if st.Activity != "" {
				points = append(points, fmt.Sprintf("returned:%d", st.Number))
			}
		}
		if len(points) < 10 {
			t.Fatalf("%s: only %d kill points", card, len(points))
		}
		for _, p := range points {
			t.Run(card+"/"+p, func(t *testing.T) {
				t.Parallel()
				got := runTrip(t, trip, p)
				if got.status != clean.status || got.output != clean.output || errMessage(got.err) != errMessage(clean.err) {
					t.Fatalf("after SIGKILL at %s: %s %s %s; uninterrupted: %s %s %s", p, got.status, got.output, got.err, clean.status, clean.output, clean.err)
				}
				byKey := map[string]workerLine{}
				for _, c := range got.calls {
					if prev, ok := byKey[c.Key]; ok && (prev.Activity != c.Activity || prev.Arg != c.Arg) {
						t.Fatalf("key %s: %s(%s) and then %s(%s)", c.Key, prev.Activity, prev.Arg, c.Activity, c.Arg)
					}
					byKey[c.Key] = c
				}
				if !reflect.DeepEqual(effects(got.calls), effects(clean.calls)) {
					t.Fatalf("effects after SIGKILL at %s:\n%v\nuninterrupted:\n%v", p, effects(got.calls), effects(clean.calls))
				}
			})
		}
	}
}

// effects lists the distinct activity steps a run performed: activity and
// argument, once per idempotency key, sorted.
func effects(calls []workerLine) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range calls {
		if !seen[c.Key] {
			seen[c.Key] = true
			out = append(out, c.Activity+"("+c.Arg+")")
		}
	}
	sort.Strings(out)
	return out
}

// errMessage is a stored error's message, without the instance's name.
func errMessage(stored string) string {
	var e struct {
		Message string `json:"message"`
	}
	json.Unmarshal([]byte(stored), &e)
	if i := strings.Index(e.Message, ": "); i >= 0 && strings.HasPrefix(e.Message, "durgen: instance") {
		return e.Message[i+2:]
	}
	return e.Message
}

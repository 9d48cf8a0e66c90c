package main

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/durgentest"
	"github.com/durgen/durgen/runtime/sqlite"
)

// outcome is how an instance ended, and the calls its workers made.
type outcome struct {
	status, output, err string
	calls               []durgentest.WorkerLine
	steps               []*runtime.Step
}

// runRequest starts an approval request on a fresh SQLite file, sends the
// decision (if any) before any worker runs (a signal is kept until it is
// received), and runs it with worker processes: the first is killed with
// SIGKILL at killAt (if any), the next runs the instance to its end.
func runRequest(t *testing.T, r Expense, d *Decision, killAt string) outcome {
	t.Helper()
	bin := durgentest.BuildProgram(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "approval.db")
	store, err := sqlite.Open(db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	e := runtime.New(store, runtime.Options{})
	if _, err := runtime.Start(ctx, e, r.ID, Approve, r); err != nil {
		t.Fatal(err)
	}
	if d != nil {
		if err := e.Signal(ctx, r.ID, "decision", *d); err != nil {
			t.Fatal(err)
		}
	}
	var o outcome
	if killAt != "" {
		o.calls = durgentest.RunWorker(t, ctx, bin, db, r.ID, killAt)
	}
	o.calls = append(o.calls, durgentest.RunWorker(t, ctx, bin, db, r.ID, "")...)
	in, err := e.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.status, o.output, o.err = string(in.Status), string(in.Output), durgentest.ErrMessage(in.Error)
	if o.steps, err = store.StepList(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestCrashMatrix kills a real worker process with SIGKILL at 8 moments
// spread over a worker's life and at every point of every step of Approve,
// for a request approved by a signal sent before the workflow asked and for
// one never answered (two reminders, then it expires): when the step is
// claimed, right after its activity returned (before the commit), right
// after its commit. A new worker on the same file must end the instance as
// an uninterrupted run does, the signal not lost, with every activity step's
// attempts given the same idempotency key and input.
func TestCrashMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs worker processes")
	}
	cases := []struct {
		name string
		r    Expense
		d    *Decision
	}{
		{"approved", Expense{ID: "exp-a", Employee: "ana", Amount: 120}, &Decision{Approved: true, By: "dana"}},
		{"expired", Expense{ID: "exp-x", Employee: "ben", Amount: 80}, nil},
	}
	for _, c := range cases {
		clean := runRequest(t, c.r, c.d, "")
		if clean.status != string(runtime.StatusCompleted) {
			t.Fatalf("%s: uninterrupted run ended %s %s", c.name, clean.status, clean.err)
		}
		points := durgentest.KillPoints(clean.steps, 8)
		if len(points) < 16 {
			t.Fatalf("%s: only %d kill points", c.name, len(points))
		}
		for _, p := range points {
			t.Run(c.name+"/"+p, func(t *testing.T) {
				t.Parallel()
				got := runRequest(t, c.r, c.d, p)
				if got.status != clean.status || got.output != clean.output || got.err != clean.err {
					t.Fatalf("after SIGKILL at %s: %s %s %s; uninterrupted: %s %s %s", p, got.status, got.output, got.err, clean.status, clean.output, clean.err)
				}
				durgentest.CheckKeys(t, got.calls)
				if !reflect.DeepEqual(durgentest.Effects(got.calls), durgentest.Effects(clean.calls)) {
					t.Fatalf("effects after SIGKILL at %s:\n%v\nuninterrupted:\n%v", p, durgentest.Effects(got.calls), durgentest.Effects(clean.calls))
				}
			})
		}
	}
}

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

// runTrip starts trip on a fresh SQLite file and runs it with worker
// processes: the first is killed with SIGKILL at killAt (if any), the next
// runs the instance to its end.
func runTrip(t *testing.T, trip Trip, killAt string) outcome {
	t.Helper()
	bin := durgentest.BuildProgram(t)
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
	if killAt != "" {
		o.calls = durgentest.RunWorker(t, ctx, bin, db, trip.ID, killAt)
	}
	o.calls = append(o.calls, durgentest.RunWorker(t, ctx, bin, db, trip.ID, "")...)
	in, err := e.Get(ctx, trip.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.status, o.output, o.err = string(in.Status), string(in.Output), durgentest.ErrMessage(in.Error)
	if o.steps, err = store.StepList(ctx, trip.ID); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestCrashMatrix kills a real worker process with SIGKILL at 8 moments
// spread over a worker's life (in an activity, in a commit, or after it
// ended) and at every point of every step of both outcomes of BookTrip (the
// compensations of the declined card included): when the step is claimed,
// right after its activity returned (before the commit), right after its
// commit. A new worker on the same file must end the instance as an
// uninterrupted run does, with every activity step's attempts given the same
// idempotency key and input, and each cancellation run for its booking.
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
		points := durgentest.KillPoints(clean.steps, 8)
		if len(points) < 18 {
			t.Fatalf("%s: only %d kill points", card, len(points))
		}
		for _, p := range points {
			t.Run(card+"/"+p, func(t *testing.T) {
				t.Parallel()
				got := runTrip(t, trip, p)
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

package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/durgentest"
	"github.com/durgen/durgen/runtime/sqlite"
)

var expense = Expense{ID: "exp-1", Employee: "ann", Amount: 4200}

// TestExpire: nobody answers; two reminders, then the request expires, on
// the fake clock in no time, crashing at every step.
func TestExpire(t *testing.T) {
	want := Outcome{Expense: "exp-1", Status: "expired", Reminders: 2}
	if got, err := durgentest.Run(t, Approve, expense); err != nil || got != want {
		t.Fatalf("%+v, %v; want %+v", got, err, want)
	}
	if testing.Short() {
		return
	}
	durgentest.CrashEverywhere(t, Approve, expense)
}

// TestDecisions: signals sent before the workflow waits are kept in order;
// a direct-mode run with the same signals agrees.
func TestDecisions(t *testing.T) {
	for _, tc := range []struct {
		signals []Decision
		want    Outcome
	}{
		{[]Decision{{true, "dana"}}, Outcome{Expense: "exp-1", Status: "paid", By: "dana", Ref: "wire-ann-4200"}},
		{[]Decision{{false, "erin"}, {true, "dana"}}, Outcome{Expense: "exp-1", Status: "rejected", By: "erin"}},
	} {
		env := durgentest.New(t, durgentest.Paused())
		ctx := context.Background()
		// Signals sent before the workflow runs at all are kept.
		id := tc.want.By
		if _, err := runtime.Start(ctx, env.Engine, id, Approve, expense); err != nil {
			t.Fatal(err)
		}
		for _, d := range tc.signals {
			if err := env.Engine.Signal(ctx, id, "decision", d); err != nil {
				t.Fatal(err)
			}
		}
		env.Run(t)
		got, err := runtime.Result[Outcome](ctx, env.Engine, id)
		if err != nil || got != tc.want {
			t.Fatalf("%+v, %v; want %+v", got, err, tc.want)
		}
		dctx := durgen.Direct(ctx)
		for _, d := range tc.signals {
			durgen.SendDirect(dctx, "decision", d)
		}
		if got, err := Approve(dctx, expense); err != nil || got != tc.want {
			t.Fatalf("direct mode: %+v, %v", got, err)
		}
	}
}

// TestSignalSurvivesCrash: the worker dies right after claiming the receive
// that consumed the decision; the next worker receives the same decision.
func TestSignalSurvivesCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "approval.db")
	clock := runtime.NewFakeClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), false)
	open := func() *sqlite.Store {
		s, err := sqlite.Open(path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	dead, crashed := make(chan struct{}), make(chan struct{})
	a := runtime.New(open(), runtime.Options{Clock: clock, Lease: 100 * time.Millisecond, Poll: 10 * time.Millisecond, Concurrency: 1,
		ShutdownGrace: 10 * time.Millisecond,
		OnEvent: func(ev runtime.Event) {
			if ev.Kind == runtime.EventStepClaimed && ev.StepKind == runtime.StepReceive {
				close(crashed)
				<-dead
			}
		}})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := runtime.Start(ctx, a, "exp-1", Approve, expense); err != nil {
		t.Fatal(err)
	}
	actx, stopA := context.WithCancel(ctx)
	aDone := make(chan struct{})
	go func() { a.Run(actx); close(aDone) }()
	defer func() { stopA(); close(dead); <-aDone }()
	// The decision arrives while the workflow waits for it.
	for {
		steps, _ := a.Store().StepList(ctx, "exp-1")
		if len(steps) == 3 && steps[2].Status == runtime.StepWaiting {
			break
		}
		if ctx.Err() != nil {
			t.Fatal(ctx.Err())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := a.Signal(ctx, "exp-1", "decision", Decision{Approved: true, By: "dana"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-crashed:
	case <-ctx.Done():
		t.Fatal("the receive was not claimed")
	}
	b := runtime.New(open(), runtime.Options{Clock: clock, Poll: 10 * time.Millisecond})
	bctx, stopB := context.WithCancel(ctx)
	defer stopB()
	go b.Run(bctx)
	got, err := runtime.Result[Outcome](ctx, b, "exp-1")
	want := Outcome{Expense: "exp-1", Status: "paid", By: "dana", Ref: "wire-ann-4200"}
	if err != nil || got != want {
		t.Fatalf("%+v, %v; want %+v", got, err, want)
	}
}

// Package storetest is the conformance suite of runtime.Store: every store
// (SQLite, PostgreSQL) runs Run in its tests and must pass it unchanged.
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) runtime.Store { return openStore(t) })
//	}
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/durgen/durgen/runtime"
)

// Run runs the conformance suite. newStore returns an empty store that the
// test may use alone; the suite closes it.
func Run(t *testing.T, newStore func(t *testing.T) runtime.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s runtime.Store)
	}{
		{"InstanceCreate", testInstanceCreate},
		{"InstanceCreateIdempotent", testInstanceCreateIdempotent},
		{"InstanceGetNotFound", testInstanceGetNotFound},
		{"InstanceList", testInstanceList},
		{"StepClaimReadyOnly", testStepClaimReadyOnly},
		{"StepClaimLease", testStepClaimLease},
		{"StepClaimWorkflowFilter", testStepClaimWorkflowFilter},
		{"StepClaimConcurrent", testStepClaimConcurrent},
		{"CheckpointCommit", testCheckpointCommit},
		{"CheckpointCommitFenced", testCheckpointCommitFenced},
		{"CheckpointCommitBatch", testCheckpointCommitBatch},
		{"CheckpointCommitFinal", testCheckpointCommitFinal},
		{"StepRetry", testStepRetry},
		{"StepHeartbeat", testStepHeartbeat},
		{"StepNextReady", testStepNextReady},
		{"Future", testFuture},
		{"FutureDoneBeforeGet", testFutureDoneBeforeGet},
		{"SignalBuffered", testSignalBuffered},
		{"SignalWakesReceive", testSignalWakesReceive},
		{"ReceiveDeadline", testReceiveDeadline},
		{"InstanceCancel", testInstanceCancel},
		{"StepClaimLostError", testStepClaimLostError},
		{"Select", testSelect},
		{"History", testHistory},
		{"CheckpointChain", testCheckpointChain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

// t0 is the suite's clock time; lease times are relative to w0.
var (
	t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w0 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
)

const wf = "example.com/wf.Pay"

func create(t *testing.T, s runtime.Store, id string) *runtime.Instance {
	t.Helper()
	res, err := s.InstanceCreate(context.Background(), runtime.InstanceCreateParams{
		ID: id, Workflow: wf, Shape: "shape1", Input: json.RawMessage(`{"amount":5}`),
		Frame: json.RawMessage(`{"pc":0,"p":{"amount":5}}`), Now: t0,
	})
	if err != nil {
		t.Fatalf("InstanceCreate %s: %v", id, err)
	}
	if !res.Created {
		t.Fatalf("InstanceCreate %s: Created = false for a new instance", id)
	}
	return res.Instance
}

func claim(t *testing.T, s runtime.Store, owner string, now, leaseNow time.Time, limit int) []*runtime.Claim {
	t.Helper()
	cl, err := s.StepClaim(context.Background(), runtime.StepClaimParams{
		Owner: owner, Workflows: []string{wf}, Now: now, LeaseNow: leaseNow, LeaseExpires: leaseNow.Add(time.Minute), Limit: limit,
	})
	if err != nil {
		t.Fatalf("StepClaim: %v", err)
	}
	return cl
}

func claimOne(t *testing.T, s runtime.Store, owner string) *runtime.Claim {
	t.Helper()
	cl := claim(t, s, owner, t0, w0, 1)
	if len(cl) != 1 {
		t.Fatalf("StepClaim: %d claims, want 1", len(cl))
	}
	return cl[0]
}

// next returns a checkpoint resolving c's step and recording a call step.
func next(c *runtime.Claim, owner string, pc int) *runtime.Checkpoint {
	n := c.Instance.NextStep
	return &runtime.Checkpoint{
		InstanceID: c.Instance.ID, Step: c.Step.Number, Owner: owner, Fence: c.Step.Fence, Version: c.Instance.Version,
		Result: json.RawMessage(`{"ok":true}`), Now: t0.Add(time.Second),
		Frame: json.RawMessage(fmt.Sprintf(`{"pc":%d,"acct":"a1"}`, pc)), PC: pc, Status: runtime.StatusRunning, NextStep: n + 1,
		Next: &runtime.StepNew{Number: n, Kind: runtime.StepCall, PC: pc, Activity: "example.com/wf.Charge",
			Input: json.RawMessage(`{"acct":"a1","n":1}`), Options: json.RawMessage(`[{"timeout":5}]`),
			IdempotencyKey: fmt.Sprintf("%s/%d", c.Instance.ID, n), ReadyAt: t0.Add(time.Second)},
	}
}

func commit(t *testing.T, s runtime.Store, cps ...*runtime.Checkpoint) []error {
	t.Helper()
	errs, err := s.CheckpointCommit(context.Background(), cps)
	if err != nil {
		t.Fatalf("CheckpointCommit: %v", err)
	}
	if len(errs) != len(cps) {
		t.Fatalf("CheckpointCommit: %d results for %d checkpoints", len(errs), len(cps))
	}
	return errs
}

func steps(t *testing.T, s runtime.Store, id string) []*runtime.Step {
	t.Helper()
	st, err := s.StepList(context.Background(), id)
	if err != nil {
		t.Fatalf("StepList %s: %v", id, err)
	}
	return st
}

func get(t *testing.T, s runtime.Store, id string) *runtime.Instance {
	t.Helper()
	in, err := s.InstanceGet(context.Background(), id)
	if err != nil {
		t.Fatalf("InstanceGet %s: %v", id, err)
	}
	return in
}

func jsonEq(t *testing.T, what string, got, want json.RawMessage) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %q is not JSON: %v", what, got, err)
	}
	json.Unmarshal(want, &w)
	gs, _ := json.Marshal(g)
	ws, _ := json.Marshal(w)
	if string(gs) != string(ws) {
		t.Fatalf("%s = %s, want %s", what, got, want)
	}
}

func testInstanceCreate(t *testing.T, s runtime.Store) {
	in := create(t, s, "i1")
	if in.ID != "i1" || in.Workflow != wf || in.Shape != "shape1" || in.Status != runtime.StatusRunning ||
		in.PC != 0 || in.NextStep != 1 || in.Version == 0 || !in.CreatedAt.Equal(t0) {
		t.Fatalf("created instance %+v", in)
	}
	jsonEq(t, "frame", in.Frame, json.RawMessage(`{"pc":0,"p":{"amount":5}}`))
	jsonEq(t, "input", in.Input, json.RawMessage(`{"amount":5}`))
	st := steps(t, s, "i1")
	if len(st) != 1 {
		t.Fatalf("%d steps after create, want the start step", len(st))
	}
	if s0 := st[0]; s0.Number != 0 || s0.Kind != runtime.StepStart || s0.Status != runtime.StepReady ||
		!s0.ReadyAt.Equal(t0) || s0.Attempt != 0 || s0.PC != 0 {
		t.Fatalf("start step %+v", s0)
	}
}

func testInstanceCreateIdempotent(t *testing.T, s runtime.Store) {
	first := create(t, s, "i1")
	res, err := s.InstanceCreate(context.Background(), runtime.InstanceCreateParams{
		ID: "i1", Workflow: wf, Shape: "shape1", Input: json.RawMessage(`{"amount":6}`), Frame: json.RawMessage(`{"pc":0}`), Now: t0.Add(time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created || res.Instance.ID != "i1" || string(res.Instance.Input) != string(first.Input) || !res.Instance.CreatedAt.Equal(t0) {
		t.Fatalf("second create: Created=%v instance %+v, want the first instance", res.Created, res.Instance)
	}
	if n := len(steps(t, s, "i1")); n != 1 {
		t.Fatalf("second create added steps: %d", n)
	}
	_, err = s.InstanceCreate(context.Background(), runtime.InstanceCreateParams{
		ID: "i1", Workflow: "other.W", Shape: "x", Input: json.RawMessage(`1`), Frame: json.RawMessage(`{"pc":0}`), Now: t0,
	})
	if !errors.Is(err, runtime.ErrInstanceExists) {
		t.Fatalf("create under a taken ID with another workflow: err = %v, want ErrInstanceExists", err)
	}
}

func testInstanceGetNotFound(t *testing.T, s runtime.Store) {
	_, err := s.InstanceGet(context.Background(), "nope")
	if !errors.Is(err, runtime.ErrNotFound) {
		t.Fatalf("InstanceGet of a missing instance: %v, want ErrNotFound", err)
	}
}

func testInstanceList(t *testing.T, s runtime.Store) {
	create(t, s, "a")
	create(t, s, "b")
	c := claimOne(t, s, "w")
	cp := next(c, "w", 1)
	cp.Next, cp.NextStep, cp.Status, cp.Output = nil, c.Instance.NextStep, runtime.StatusCompleted, json.RawMessage(`1`)
	commit(t, s, cp)
	all, err := s.InstanceList(context.Background(), runtime.InstanceListParams{})
	if err != nil || len(all) != 2 {
		t.Fatalf("InstanceList: %d instances, %v; want 2", len(all), err)
	}
	done, err := s.InstanceList(context.Background(), runtime.InstanceListParams{Status: runtime.StatusCompleted})
	if err != nil || len(done) != 1 || done[0].ID != c.Instance.ID {
		t.Fatalf("InstanceList completed: %v, %v", done, err)
	}
	none, err := s.InstanceList(context.Background(), runtime.InstanceListParams{Workflow: "other.W"})
	if err != nil || len(none) != 0 {
		t.Fatalf("InstanceList of another workflow: %v, %v", none, err)
	}
}

func testStepClaimReadyOnly(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	if cl := claim(t, s, "w", t0.Add(-time.Second), w0, 10); len(cl) != 0 {
		t.Fatalf("claimed a step before its ReadyAt: %+v", cl[0].Step)
	}
	c := claimOne(t, s, "w")
	if c.Step.Status != runtime.StepRunning || c.Step.LeaseOwner != "w" || c.Step.Attempt != 1 || c.Step.Fence == 0 ||
		!c.Step.LeaseExpires.Equal(w0.Add(time.Minute)) {
		t.Fatalf("claimed step %+v", c.Step)
	}
	if c.Instance == nil || c.Instance.ID != "i1" || c.Instance.Version == 0 {
		t.Fatalf("claim's instance %+v", c.Instance)
	}
	// A sleep far in the future is not ready until then.
	commit(t, s, func() *runtime.Checkpoint {
		cp := next(c, "w", 2)
		cp.Next.Kind, cp.Next.Activity, cp.Next.Input, cp.Next.Options = runtime.StepSleep, "", nil, nil
		cp.Next.ReadyAt = t0.Add(240 * time.Hour)
		return cp
	}())
	if cl := claim(t, s, "w", t0.Add(239*time.Hour), w0, 10); len(cl) != 0 {
		t.Fatalf("claimed a sleep before it is due")
	}
	cl := claim(t, s, "w", t0.Add(240*time.Hour), w0, 10)
	if len(cl) != 1 || cl[0].Step.Kind != runtime.StepSleep || cl[0].Step.Number != 1 {
		t.Fatalf("due sleep not claimed: %v", cl)
	}
}

func testStepClaimLease(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	a := claimOne(t, s, "a")
	if cl := claim(t, s, "b", t0, w0.Add(59*time.Second), 10); len(cl) != 0 {
		t.Fatalf("claimed a step under another worker's live lease")
	}
	// a's lease expires at w0+1m: b takes the step over.
	b := claim(t, s, "b", t0, w0.Add(61*time.Second), 10)
	if len(b) != 1 {
		t.Fatalf("expired lease not taken over")
	}
	if b[0].Step.LeaseOwner != "b" || b[0].Step.Attempt != 2 || b[0].Step.Fence <= a.Step.Fence {
		t.Fatalf("taken-over step %+v (first claim fence %d)", b[0].Step, a.Step.Fence)
	}
	// a's late checkpoint is rejected; b's is applied.
	if errs := commit(t, s, next(a, "a", 1)); !errors.Is(errs[0], runtime.ErrFenced) {
		t.Fatalf("stale worker's commit: %v, want ErrFenced", errs[0])
	}
	if errs := commit(t, s, next(b[0], "b", 1)); errs[0] != nil {
		t.Fatalf("new owner's commit: %v", errs[0])
	}
}

func testStepClaimWorkflowFilter(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	cl, err := s.StepClaim(context.Background(), runtime.StepClaimParams{
		Owner: "w", Workflows: []string{"other.W"}, Now: t0, LeaseNow: w0, LeaseExpires: w0.Add(time.Minute), Limit: 10,
	})
	if err != nil || len(cl) != 0 {
		t.Fatalf("claimed %d steps of a workflow not asked for (%v)", len(cl), err)
	}
}

func testStepClaimConcurrent(t *testing.T, s runtime.Store) {
	const n = 40
	for i := range n {
		create(t, s, fmt.Sprintf("i%02d", i))
	}
	var (
		mu   sync.Mutex
		seen = map[string]string{}
		wg   sync.WaitGroup
	)
	for w := range 4 {
		owner := fmt.Sprintf("w%d", w)
		wg.Go(func() {
			for {
				cl, err := s.StepClaim(context.Background(), runtime.StepClaimParams{
					Owner: owner, Workflows: []string{wf}, Now: t0, LeaseNow: w0, LeaseExpires: w0.Add(time.Minute), Limit: 3,
				})
				if err != nil {
					t.Error(err)
					return
				}
				if len(cl) == 0 {
					return
				}
				mu.Lock()
				for _, c := range cl {
					if prev, ok := seen[c.Step.IdempotencyKey]; ok {
						t.Errorf("step %s claimed by %s and %s", c.Step.IdempotencyKey, prev, owner)
					}
					seen[c.Step.IdempotencyKey] = owner
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d steps claimed, want %d", len(seen), n)
	}
}

func testCheckpointCommit(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	cp := next(c, "w", 1)
	if errs := commit(t, s, cp); errs[0] != nil {
		t.Fatal(errs[0])
	}
	in := get(t, s, "i1")
	if in.PC != 1 || in.NextStep != 2 || in.Version != c.Instance.Version+1 || in.Status != runtime.StatusRunning ||
		!in.UpdatedAt.Equal(cp.Now) {
		t.Fatalf("instance after checkpoint %+v", in)
	}
	jsonEq(t, "frame", in.Frame, cp.Frame)
	st := steps(t, s, "i1")
	if len(st) != 2 {
		t.Fatalf("%d steps, want 2", len(st))
	}
	if s0 := st[0]; s0.Status != runtime.StepDone || s0.LeaseOwner != "" || !s0.DoneAt.Equal(cp.Now) {
		t.Fatalf("resolved step %+v", s0)
	}
	jsonEq(t, "step 0 result", st[0].Result, cp.Result)
	s1 := st[1]
	if s1.Number != 1 || s1.Kind != runtime.StepCall || s1.PC != 1 || s1.Activity != "example.com/wf.Charge" ||
		s1.IdempotencyKey != "i1/1" || s1.Status != runtime.StepReady || s1.Attempt != 0 || !s1.ReadyAt.Equal(cp.Next.ReadyAt) {
		t.Fatalf("recorded step %+v", s1)
	}
	jsonEq(t, "step 1 input", s1.Input, cp.Next.Input)
	jsonEq(t, "step 1 options", s1.Options, cp.Next.Options)

	// The recorded step is claimable with its arguments; an error outcome
	// is stored encoded.
	c1 := claim(t, s, "w", t0.Add(time.Second), w0, 10)
	if len(c1) != 1 || c1[0].Step.Number != 1 || string(c1[0].Step.Input) == "" || c1[0].Instance.PC != 1 {
		t.Fatalf("claim of recorded step: %+v", c1)
	}
	cp2 := next(c1[0], "w", 2)
	cp2.Result, cp2.Error = nil, json.RawMessage(`{"message":"declined"}`)
	if errs := commit(t, s, cp2); errs[0] != nil {
		t.Fatal(errs[0])
	}
	jsonEq(t, "step 1 error", steps(t, s, "i1")[1].Error, cp2.Error)
}

func testCheckpointCommitFenced(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	for name, mutate := range map[string]func(*runtime.Checkpoint){
		"owner":   func(cp *runtime.Checkpoint) { cp.Owner = "x" },
		"fence":   func(cp *runtime.Checkpoint) { cp.Fence++ },
		"version": func(cp *runtime.Checkpoint) { cp.Version-- },
	} {
		cp := next(c, "w", 1)
		mutate(cp)
		if errs := commit(t, s, cp); !errors.Is(errs[0], runtime.ErrFenced) {
			t.Fatalf("checkpoint with wrong %s: %v, want ErrFenced", name, errs[0])
		}
	}
	in := get(t, s, "i1")
	if in.PC != 0 || in.NextStep != 1 || in.Version != c.Instance.Version {
		t.Fatalf("rejected checkpoints changed the instance: %+v", in)
	}
	if st := steps(t, s, "i1"); len(st) != 1 || st[0].Status != runtime.StepRunning {
		t.Fatalf("rejected checkpoints changed steps: %d steps, step 0 %s", len(st), st[0].Status)
	}
	if errs := commit(t, s, next(c, "w", 1)); errs[0] != nil {
		t.Fatal(errs[0])
	}
	// Committing the same step twice is rejected.
	if errs := commit(t, s, next(c, "w", 1)); !errors.Is(errs[0], runtime.ErrFenced) {
		t.Fatalf("second commit of a step: %v, want ErrFenced", errs[0])
	}
}

func testCheckpointCommitBatch(t *testing.T, s runtime.Store) {
	for i := range 5 {
		create(t, s, fmt.Sprintf("i%d", i))
	}
	cl := claim(t, s, "w", t0, w0, 10)
	if len(cl) != 5 {
		t.Fatalf("%d claims, want 5", len(cl))
	}
	var cps []*runtime.Checkpoint
	for i, c := range cl {
		cp := next(c, "w", 1)
		if i == 2 {
			cp.Fence = -1 // stale: rejected alone
		}
		cps = append(cps, cp)
	}
	errs := commit(t, s, cps...)
	for i, err := range errs {
		if (i == 2) != errors.Is(err, runtime.ErrFenced) || (i != 2 && err != nil) {
			t.Fatalf("batch result %d: %v", i, err)
		}
		in := get(t, s, cl[i].Instance.ID)
		if want := map[bool]int{true: 0, false: 1}[i == 2]; in.PC != want {
			t.Fatalf("instance %s at label %d after batch, want %d", in.ID, in.PC, want)
		}
	}
}

func testCheckpointCommitFinal(t *testing.T, s runtime.Store) {
	create(t, s, "ok")
	create(t, s, "bad")
	for _, c := range claim(t, s, "w", t0, w0, 10) {
		cp := next(c, "w", 7)
		cp.Next, cp.NextStep = nil, c.Instance.NextStep
		if c.Instance.ID == "ok" {
			cp.Status, cp.Output = runtime.StatusCompleted, json.RawMessage(`{"receipt":"r1"}`)
		} else {
			cp.Status, cp.FinalError = runtime.StatusFailed, json.RawMessage(`{"message":"insufficient funds"}`)
		}
		if errs := commit(t, s, cp); errs[0] != nil {
			t.Fatal(errs[0])
		}
	}
	ok, bad := get(t, s, "ok"), get(t, s, "bad")
	if ok.Status != runtime.StatusCompleted || ok.PC != 7 || ok.NextStep != 1 {
		t.Fatalf("completed instance %+v", ok)
	}
	jsonEq(t, "output", ok.Output, json.RawMessage(`{"receipt":"r1"}`))
	if bad.Status != runtime.StatusFailed {
		t.Fatalf("failed instance %+v", bad)
	}
	jsonEq(t, "error", bad.Error, json.RawMessage(`{"message":"insufficient funds"}`))
	if cl := claim(t, s, "w", t0.Add(time.Hour), w0.Add(time.Hour), 10); len(cl) != 0 {
		t.Fatalf("claimed a step of an ended instance")
	}
}

func testStepRetry(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	err := s.StepRetry(context.Background(), runtime.StepRetryParams{
		InstanceID: "i1", Step: 0, Owner: "w", Fence: c.Step.Fence + 1, ReadyAt: t0.Add(time.Minute), Error: json.RawMessage(`{"message":"x"}`),
	})
	if !errors.Is(err, runtime.ErrFenced) {
		t.Fatalf("retry with a stale fence: %v, want ErrFenced", err)
	}
	err = s.StepRetry(context.Background(), runtime.StepRetryParams{
		InstanceID: "i1", Step: 0, Owner: "w", Fence: c.Step.Fence, ReadyAt: t0.Add(time.Minute), Error: json.RawMessage(`{"message":"timeout"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	st := steps(t, s, "i1")[0]
	if st.Status != runtime.StepReady || !st.ReadyAt.Equal(t0.Add(time.Minute)) || st.LeaseOwner != "" || st.Attempt != 1 {
		t.Fatalf("retried step %+v", st)
	}
	jsonEq(t, "last error", st.Error, json.RawMessage(`{"message":"timeout"}`))
	if cl := claim(t, s, "w", t0.Add(59*time.Second), w0, 10); len(cl) != 0 {
		t.Fatal("retry claimed before its backoff passed")
	}
	cl := claim(t, s, "w", t0.Add(time.Minute), w0, 10)
	if len(cl) != 1 || cl[0].Step.Attempt != 2 || cl[0].Step.Fence <= c.Step.Fence {
		t.Fatalf("second attempt: %+v", cl)
	}
}

func testStepHeartbeat(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	c := claimOne(t, s, "a")
	hb := runtime.StepHeartbeatParams{InstanceID: "i1", Step: 0, Owner: "a", Fence: c.Step.Fence, LeaseExpires: w0.Add(10 * time.Minute)}
	if err := s.StepHeartbeat(context.Background(), hb); err != nil {
		t.Fatal(err)
	}
	if cl := claim(t, s, "b", t0, w0.Add(5*time.Minute), 10); len(cl) != 0 {
		t.Fatal("claimed a step whose lease a heartbeat extended")
	}
	stale := hb
	stale.Owner = "b"
	if err := s.StepHeartbeat(context.Background(), stale); !errors.Is(err, runtime.ErrFenced) {
		t.Fatalf("heartbeat by a non-owner: %v, want ErrFenced", err)
	}
}

func testStepNextReady(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if _, ok, err := s.StepNextReady(ctx, runtime.StepNextReadyParams{Workflows: []string{wf}}); err != nil || ok {
		t.Fatalf("StepNextReady on an empty store: ok=%v err=%v", ok, err)
	}
	create(t, s, "i1")
	create(t, s, "i2")
	for _, c := range claim(t, s, "w", t0, w0, 10) {
		cp := next(c, "w", 1)
		cp.Next.Kind, cp.Next.Activity, cp.Next.Input, cp.Next.Options = runtime.StepSleep, "", nil, nil
		cp.Next.ReadyAt = t0.Add(map[string]time.Duration{"i1": 3 * time.Hour, "i2": 2 * time.Hour}[c.Instance.ID])
		commit(t, s, cp)
	}
	at, ok, err := s.StepNextReady(ctx, runtime.StepNextReadyParams{Workflows: []string{wf}})
	if err != nil || !ok || !at.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("StepNextReady = %v, %v, %v; want %v", at, ok, err, t0.Add(2*time.Hour))
	}
	if _, ok, _ := s.StepNextReady(ctx, runtime.StepNextReadyParams{Workflows: []string{"other.W"}}); ok {
		t.Fatal("StepNextReady saw another workflow's step")
	}
}

// startFuture commits, for the instance's start step, a checkpoint that
// starts go step 1 and records `then` as step 2.
func startFuture(t *testing.T, s runtime.Store, id string, then *runtime.StepNew) *runtime.Claim {
	t.Helper()
	create(t, s, id)
	c := claimOne(t, s, "w")
	cp := next(c, "w", 1)
	cp.Starts = []*runtime.StepNew{{Number: 1, Kind: runtime.StepGo, PC: 1, Activity: "example.com/wf.Charge",
		Input: json.RawMessage(`{"n":1}`), IdempotencyKey: id + "/1", ReadyAt: t0}}
	then.Number, then.IdempotencyKey = 2, id+"/2"
	cp.Next, cp.NextStep = then, 3
	if errs := commit(t, s, cp); errs[0] != nil {
		t.Fatal(errs[0])
	}
	return c
}

func stepOf(t *testing.T, s runtime.Store, id string, n int) *runtime.Step {
	t.Helper()
	for _, st := range steps(t, s, id) {
		if st.Number == n {
			return st
		}
	}
	t.Fatalf("instance %s has no step %d", id, n)
	return nil
}

func testFuture(t *testing.T, s runtime.Store) {
	startFuture(t, s, "i1", &runtime.StepNew{Kind: runtime.StepGet, PC: 1, WaitsFor: 1, ReadyAt: t0})
	if g := stepOf(t, s, "i1", 2); g.Status != runtime.StepWaiting || g.WaitsFor != 1 {
		t.Fatalf("get step of a running future: %+v", g)
	}
	if in := get(t, s, "i1"); in.NextStep != 3 {
		t.Fatalf("next step %d after a start and an await, want 3", in.NextStep)
	}
	// Only the go step is claimable.
	cl := claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	if len(cl) != 1 || cl[0].Step.Kind != runtime.StepGo || cl[0].Step.Number != 1 || cl[0].Step.Activity != "example.com/wf.Charge" {
		t.Fatalf("claims %+v, want the go step", cl)
	}
	stale := runtime.StepCompleteParams{InstanceID: "i1", Step: 1, Owner: "x", Fence: cl[0].Step.Fence, Result: json.RawMessage(`5`), Now: t0}
	if err := s.StepComplete(context.Background(), stale); !errors.Is(err, runtime.ErrFenced) {
		t.Fatalf("StepComplete by a non-owner: %v, want ErrFenced", err)
	}
	ok := stale
	ok.Owner = "w"
	if err := s.StepComplete(context.Background(), ok); err != nil {
		t.Fatal(err)
	}
	g := stepOf(t, s, "i1", 2)
	if g.Status != runtime.StepReady {
		t.Fatalf("get step after its future completed: %+v", g)
	}
	jsonEq(t, "get result", g.Result, json.RawMessage(`5`))
	cl = claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	if len(cl) != 1 || cl[0].Step.Number != 2 {
		t.Fatalf("claims %+v, want the ready get step", cl)
	}
}

func testFutureDoneBeforeGet(t *testing.T, s runtime.Store) {
	// The first await is a sleep; the future completes meanwhile.
	startFuture(t, s, "i1", &runtime.StepNew{Kind: runtime.StepSleep, PC: 1, ReadyAt: t0.Add(time.Hour)})
	cl := claim(t, s, "w", t0, w0, 10)
	if len(cl) != 1 || cl[0].Step.Kind != runtime.StepGo {
		t.Fatalf("claims %+v, want the go step", cl)
	}
	if err := s.StepComplete(context.Background(), runtime.StepCompleteParams{InstanceID: "i1", Step: 1, Owner: "w", Fence: cl[0].Step.Fence,
		Error: json.RawMessage(`{"message":"card declined"}`), Now: t0}); err != nil {
		t.Fatal(err)
	}
	sl := claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	if len(sl) != 1 || sl[0].Step.Kind != runtime.StepSleep {
		t.Fatalf("claims %+v, want the sleep", sl)
	}
	cp := next(sl[0], "w", 2)
	cp.Next.Kind, cp.Next.Activity, cp.Next.Input, cp.Next.Options, cp.Next.WaitsFor = runtime.StepGet, "", nil, nil, 1
	if errs := commit(t, s, cp); errs[0] != nil {
		t.Fatal(errs[0])
	}
	g := stepOf(t, s, "i1", 3)
	if g.Status != runtime.StepReady || g.Kind != runtime.StepGet {
		t.Fatalf("get of a completed future: %+v, want ready at once", g)
	}
	jsonEq(t, "get error", g.Error, json.RawMessage(`{"message":"card declined"}`))
}

func signal(t *testing.T, s runtime.Store, id, name, payload string) {
	t.Helper()
	if err := s.SignalSend(context.Background(), runtime.SignalSendParams{InstanceID: id, Name: name, Payload: json.RawMessage(payload), Now: t0}); err != nil {
		t.Fatalf("SignalSend %s %s: %v", name, payload, err)
	}
}

// receive commits, for c, a checkpoint whose next step receives name.
func receive(t *testing.T, s runtime.Store, c *runtime.Claim, name string, deadline time.Time) *runtime.Step {
	t.Helper()
	cp := next(c, "w", c.Step.PC+1)
	cp.Next.Kind, cp.Next.Activity, cp.Next.Input, cp.Next.Options = runtime.StepReceive, "", nil, nil
	cp.Next.Signal, cp.Next.Deadline = name, deadline
	if errs := commit(t, s, cp); errs[0] != nil {
		t.Fatal(errs[0])
	}
	return stepOf(t, s, c.Instance.ID, cp.Next.Number)
}

func testSignalBuffered(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	signal(t, s, "i1", "approve", `"first"`)
	signal(t, s, "i1", "other", `"x"`)
	signal(t, s, "i1", "approve", `"second"`)
	c := claimOne(t, s, "w")
	for _, want := range []string{`"first"`, `"second"`} {
		r := receive(t, s, c, "approve", time.Time{})
		if r.Status != runtime.StepReady {
			t.Fatalf("receive with a buffered signal: %+v", r)
		}
		jsonEq(t, "received", r.Result, json.RawMessage(want))
		cl := claim(t, s, "w", t0.Add(time.Hour), w0, 10)
		if len(cl) != 1 || cl[0].Step.Number != r.Number {
			t.Fatalf("claims %+v", cl)
		}
		c = cl[0]
	}
	if r := receive(t, s, c, "approve", time.Time{}); r.Status != runtime.StepWaiting {
		t.Fatalf("third receive with two signals sent: %+v, want waiting", r)
	}
	if err := s.SignalSend(context.Background(), runtime.SignalSendParams{InstanceID: "nope", Name: "a", Payload: json.RawMessage(`1`), Now: t0}); !errors.Is(err, runtime.ErrNotFound) {
		t.Fatalf("signal to a missing instance: %v", err)
	}
}

func testSignalWakesReceive(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	r := receive(t, s, c, "approve", time.Time{})
	if r.Status != runtime.StepWaiting {
		t.Fatalf("receive with no signal: %+v", r)
	}
	if cl := claim(t, s, "w", t0.Add(1000*time.Hour), w0, 10); len(cl) != 0 {
		t.Fatal("claimed a receive with no signal and no deadline")
	}
	signal(t, s, "i1", "approve", `{"by":"ann"}`)
	cl := claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	if len(cl) != 1 || cl[0].Step.Number != r.Number {
		t.Fatalf("claims %+v, want the receive", cl)
	}
	jsonEq(t, "received", cl[0].Step.Result, json.RawMessage(`{"by":"ann"}`))
	cp := next(cl[0], "w", 3)
	cp.Next, cp.NextStep, cp.Status, cp.Output = nil, cl[0].Instance.NextStep, runtime.StatusCompleted, json.RawMessage(`1`)
	commit(t, s, cp)
	err := s.SignalSend(context.Background(), runtime.SignalSendParams{InstanceID: "i1", Name: "approve", Payload: json.RawMessage(`1`), Now: t0})
	if !errors.Is(err, runtime.ErrInstanceEnded) {
		t.Fatalf("signal to an ended instance: %v, want ErrInstanceEnded", err)
	}
}

func testReceiveDeadline(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	r := receive(t, s, c, "approve", t0.Add(time.Hour))
	if r.Status != runtime.StepWaiting || !r.Deadline.Equal(t0.Add(time.Hour)) {
		t.Fatalf("receive with a deadline: %+v", r)
	}
	at, ok, err := s.StepNextReady(context.Background(), runtime.StepNextReadyParams{Workflows: []string{wf}})
	if err != nil || !ok || !at.Equal(t0.Add(time.Hour)) {
		t.Fatalf("StepNextReady = %v %v %v, want the deadline", at, ok, err)
	}
	if cl := claim(t, s, "w", t0.Add(59*time.Minute), w0, 10); len(cl) != 0 {
		t.Fatal("claimed a receive before its deadline")
	}
	cl := claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	if len(cl) != 1 || cl[0].Step.Result != nil {
		t.Fatalf("claim at the deadline: %+v, want the receive with no result", cl)
	}
	// A signal sent now is kept for the next receive, not lost.
	signal(t, s, "i1", "approve", `"late"`)
	r2 := receive(t, s, cl[0], "approve", time.Time{})
	if r2.Status != runtime.StepReady {
		t.Fatalf("next receive after a late signal: %+v", r2)
	}
	jsonEq(t, "late signal", r2.Result, json.RawMessage(`"late"`))
}

func testInstanceCancel(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	// Step 1 sleeps ten days; step 2 (a cleanup made with WithoutCancel)
	// is recorded after the cancellation.
	cp := next(c, "w", 1)
	cp.Next.Kind, cp.Next.Activity, cp.Next.Input, cp.Next.Options = runtime.StepSleep, "", nil, nil
	cp.Next.ReadyAt = t0.Add(240 * time.Hour)
	commit(t, s, cp)
	if err := s.InstanceCancel(ctx, runtime.InstanceCancelParams{ID: "i1", Now: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := s.InstanceCancel(ctx, runtime.InstanceCancelParams{ID: "i1", Now: t0.Add(time.Minute)}); err != nil {
		t.Fatalf("second cancel: %v", err)
	}
	if in := get(t, s, "i1"); !in.Canceled {
		t.Fatal("instance not marked canceled")
	}
	cl := claim(t, s, "w", t0.Add(time.Minute), w0, 10)
	if len(cl) != 1 || cl[0].Step.Kind != runtime.StepSleep || !cl[0].Instance.Canceled {
		t.Fatalf("claims after cancel %+v, want the sleep at once, instance canceled", cl)
	}
	cp = next(cl[0], "w", 2)
	cp.Next.ReadyAt = t0.Add(time.Hour)
	cp.Next.NoCancel = true
	commit(t, s, cp)
	if st := stepOf(t, s, "i1", 2); st.Status != runtime.StepReady || !st.ReadyAt.Equal(t0.Add(time.Hour)) || !st.NoCancel {
		t.Fatalf("WithoutCancel step recorded after the cancel: %+v", st)
	}
	cl = claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	cp = next(cl[0], "w", 3)
	cp.Next, cp.NextStep, cp.Status, cp.FinalError = nil, cl[0].Instance.NextStep, runtime.StatusCanceled, json.RawMessage(`{"message":"canceled"}`)
	commit(t, s, cp)
	if in := get(t, s, "i1"); in.Status != runtime.StatusCanceled {
		t.Fatalf("status %s", in.Status)
	}
	if err := s.InstanceCancel(ctx, runtime.InstanceCancelParams{ID: "i1", Now: t0}); !errors.Is(err, runtime.ErrInstanceEnded) {
		t.Fatalf("cancel of an ended instance: %v", err)
	}
	if err := s.InstanceCancel(ctx, runtime.InstanceCancelParams{ID: "nope", Now: t0}); !errors.Is(err, runtime.ErrNotFound) {
		t.Fatalf("cancel of a missing instance: %v", err)
	}
}

func testStepClaimLostError(t *testing.T, s runtime.Store) {
	lost := json.RawMessage(`{"message":"worker lost"}`)
	claimAt := func(owner string, leaseNow time.Time) *runtime.Claim {
		t.Helper()
		cl, err := s.StepClaim(context.Background(), runtime.StepClaimParams{
			Owner: owner, Workflows: []string{wf}, Now: t0.Add(time.Hour), LeaseNow: leaseNow, LeaseExpires: leaseNow.Add(time.Minute), LostError: lost, Limit: 1,
		})
		if err != nil || len(cl) != 1 {
			t.Fatalf("claim by %s: %+v, %v", owner, cl, err)
		}
		return cl[0]
	}
	create(t, s, "i1")
	a := claimAt("a", w0)
	if b := claimAt("b", w0.Add(2*time.Minute)); b.Step.Error != nil || b.Step.Attempt != 2 {
		t.Fatalf("taken-over start step %+v: no error to record", b.Step)
	} else {
		a = b
	}
	// An activity call taken over records the lost attempt.
	commit(t, s, next(a, "b", 1))
	claimAt("c", w0.Add(4*time.Minute))
	d := claimAt("d", w0.Add(6*time.Minute))
	if d.Step.Kind != runtime.StepCall {
		t.Fatalf("claimed %+v, want the call", d.Step)
	}
	jsonEq(t, "error of a taken-over call", d.Step.Error, lost)

	// A get step taken over keeps the outcome it waits with.
	cp := next(d, "d", 2)
	cp.Starts = []*runtime.StepNew{{Number: 2, Kind: runtime.StepGo, PC: 2, Activity: "example.com/wf.Charge", IdempotencyKey: "i1/2", ReadyAt: t0,
		Error: json.RawMessage(`{"message":"declined"}`)}}
	cp.Next = &runtime.StepNew{Number: 3, Kind: runtime.StepGet, PC: 2, WaitsFor: 2, IdempotencyKey: "i1/3", ReadyAt: t0}
	cp.NextStep = 4
	commit(t, s, cp)
	for i, owner := range []string{"e", "f"} {
		g := claimAt(owner, w0.Add(time.Duration(8+2*i)*time.Minute))
		if g.Step.Number != 3 {
			t.Fatalf("claimed %+v, want the get", g.Step)
		}
		jsonEq(t, "outcome of a taken-over get step", g.Step.Error, json.RawMessage(`{"message":"declined"}`))
	}
}

func testSelect(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	cp := next(c, "w", 1)
	cp.Starts = []*runtime.StepNew{
		{Number: 1, Kind: runtime.StepGo, PC: 1, Activity: "example.com/wf.Charge", Input: json.RawMessage(`1`), IdempotencyKey: "i1/1", ReadyAt: t0},
		{Number: 2, Kind: runtime.StepTimer, PC: 1, IdempotencyKey: "i1/2", ReadyAt: t0.Add(time.Hour)},
		{Number: 3, Kind: runtime.StepTimer, PC: 1, IdempotencyKey: "i1/3", ReadyAt: t0.Add(2 * time.Hour)},
	}
	cp.Next = &runtime.StepNew{Number: 4, Kind: runtime.StepSelect, PC: 1, Input: json.RawMessage(`[1,2,3]`), IdempotencyKey: "i1/4", ReadyAt: t0}
	cp.NextStep = 5
	commit(t, s, cp)
	if st := stepOf(t, s, "i1", 4); st.Status != runtime.StepWaiting {
		t.Fatalf("select with nothing done: %+v", st)
	}
	// The go step is claimed and runs; the first timer fires first.
	g := claim(t, s, "w", t0, w0, 1)
	tm := claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	if len(g) != 1 || len(tm) != 1 || tm[0].Step.Number != 2 {
		t.Fatalf("claims %+v then %+v, want the go step then the first timer", g, tm)
	}
	if err := s.StepComplete(ctx, runtime.StepCompleteParams{InstanceID: "i1", Step: 2, Owner: "w", Fence: tm[0].Step.Fence,
		Result: json.RawMessage(`"fired"`), Now: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	sel := stepOf(t, s, "i1", 4)
	if sel.Status != runtime.StepReady {
		t.Fatalf("select after its second future ended: %+v", sel)
	}
	jsonEq(t, "select result", sel.Result, json.RawMessage(`1`))
	// The continuation cancels the other timer (not started: it ends) and
	// the go step (running: unaffected).
	cl := claim(t, s, "w", t0.Add(time.Hour), w0, 10)
	if len(cl) != 1 || cl[0].Step.Number != 4 {
		t.Fatalf("claims %+v, want the select", cl)
	}
	cp = next(cl[0], "w", 2)
	cp.CancelFutures, cp.CancelError = []int{1, 3}, json.RawMessage(`{"message":"canceled"}`)
	commit(t, s, cp)
	if st := stepOf(t, s, "i1", 3); st.Status != runtime.StepDone || st.Error == nil {
		t.Fatalf("cancelled timer %+v", st)
	}
	if st := stepOf(t, s, "i1", 1); st.Status != runtime.StepRunning {
		t.Fatalf("cancel changed a running go step: %+v", st)
	}
}

func testHistory(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	if err := s.StepRetry(ctx, runtime.StepRetryParams{InstanceID: "i1", Step: 0, Owner: "w", Fence: c.Step.Fence,
		ReadyAt: t0, Error: json.RawMessage(`{"message":"x"}`), Now: t0}); err != nil {
		t.Fatal(err)
	}
	c = claimOne(t, s, "w")
	commit(t, s, next(c, "w", 1))
	signal(t, s, "i1", "go", `1`)
	c1 := claim(t, s, "w", t0.Add(time.Hour), w0, 1)[0]
	cp := next(c1, "w", 2)
	cp.Next, cp.NextStep, cp.Status, cp.FinalError = nil, c1.Instance.NextStep, runtime.StatusFailed, json.RawMessage(`{"message":"no"}`)
	cp.Error = json.RawMessage(`{"message":"no"}`)
	commit(t, s, cp)
	h, err := s.HistoryList(ctx, "i1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range h {
		got = append(got, fmt.Sprintf("%d:%s", e.Step, e.Event))
	}
	want := "[-1:started 0:claimed 0:retried 0:claimed 0:completed 1:scheduled -1:signalled 1:claimed 1:failed -1:ended]"
	if fmt.Sprint(got) != want {
		t.Fatalf("history %v\nwant    %s", got, want)
	}
	if n, err := s.HistoryPrune(ctx, runtime.HistoryPruneParams{Before: t0}); err != nil || n != 0 {
		t.Fatalf("prune before the end: %d, %v", n, err)
	}
	if n, err := s.HistoryPrune(ctx, runtime.HistoryPruneParams{Before: t0.Add(100 * time.Hour)}); err != nil || n != len(h) {
		t.Fatalf("prune after the end: %d, %v; want %d", n, err, len(h))
	}
}

func testCheckpointChain(t *testing.T, s runtime.Store) {
	create(t, s, "i1")
	c := claimOne(t, s, "w")
	cp := next(c, "w", 1)
	cp.Next.ReadyAt = cp.Now
	cp.ChainOwner, cp.ChainLeaseExpires = "w", w0.Add(time.Minute)
	if errs := commit(t, s, cp); errs[0] != nil || !cp.Chained {
		t.Fatalf("chained commit: %v, Chained=%v", errs[0], cp.Chained)
	}
	st := stepOf(t, s, "i1", 1)
	if st.Status != runtime.StepRunning || st.LeaseOwner != "w" || st.Attempt != 1 || st.Fence != 1 || !st.LeaseExpires.Equal(w0.Add(time.Minute)) {
		t.Fatalf("chained step %+v", st)
	}
	if cl := claim(t, s, "x", t0.Add(time.Hour), w0, 10); len(cl) != 0 {
		t.Fatal("another worker claimed a chained step under a live lease")
	}
	// The chained claim commits like a claimed one; a sleep is not chained.
	in := get(t, s, "i1")
	cp2 := next(&runtime.Claim{Step: st, Instance: in}, "w", 2)
	cp2.Next.Kind, cp2.Next.Activity, cp2.Next.Input, cp2.Next.Options = runtime.StepSleep, "", nil, nil
	cp2.Next.ReadyAt = t0.Add(time.Hour)
	cp2.ChainOwner, cp2.ChainLeaseExpires = "w", w0.Add(time.Minute)
	if errs := commit(t, s, cp2); errs[0] != nil || cp2.Chained {
		t.Fatalf("commit after a chained step: %v, Chained=%v (a sleep must not chain)", errs[0], cp2.Chained)
	}
}

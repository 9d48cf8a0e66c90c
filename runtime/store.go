package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Store is the durable state of a runtime: instances (a workflow's frame and
// status) and steps (the awaits an instance is suspended on). Every store
// passes the conformance suite in runtime/storetest.
//
// Methods are named noun-then-verb and take a params struct, so that a new
// field does not break other stores. A store must make each method atomic;
// CheckpointCommit must apply all of its checkpoints in one transaction.
//
// Times come in two kinds. Step times (Now, ReadyAt, the instance's created
// and updated times) are read from the engine's Clock, which may be scaled or
// fake. Lease times (LeaseNow, LeaseExpires) are wall-clock times: a lease
// measures whether a process is alive, which a virtual clock says nothing
// about. A store never reads a clock itself.
type Store interface {
	// InstanceCreate records a new instance with its initial frame and its
	// start step (step 0, ready at once). If an instance with the same ID
	// exists, it is returned unchanged with Created false; if that instance
	// runs a different workflow, the error matches ErrInstanceExists.
	InstanceCreate(ctx context.Context, p InstanceCreateParams) (*InstanceCreateResult, error)
	// InstanceGet returns the instance id, or an error matching ErrNotFound.
	InstanceGet(ctx context.Context, id string) (*Instance, error)
	// InstanceList returns instances, most recently created first.
	InstanceList(ctx context.Context, p InstanceListParams) ([]*Instance, error)
	// StepList returns the steps of an instance in step order.
	StepList(ctx context.Context, instanceID string) ([]*Step, error)

	// StepClaim leases up to Limit steps that are ready (ReadyAt <= Now)
	// or whose lease has expired (LeaseExpires < LeaseNow) to Owner. Each
	// claimed step's attempt and fencing token are incremented. A PostgreSQL
	// store does this with SELECT ... FOR UPDATE SKIP LOCKED; SQLite's
	// single writer makes the select-then-update atomic by itself.
	StepClaim(ctx context.Context, p StepClaimParams) ([]*Claim, error)
	// StepHeartbeat extends the lease of a step still held by Owner with
	// Fence; otherwise the error matches ErrFenced.
	StepHeartbeat(ctx context.Context, p StepHeartbeatParams) error
	// StepRetry puts a failed attempt back: the step becomes ready at
	// ReadyAt with its last error recorded. The step must still be held by
	// Owner with Fence (ErrFenced otherwise).
	StepRetry(ctx context.Context, p StepRetryParams) error
	// StepNextReady returns the earliest ReadyAt of the ready steps of the
	// given workflows, and false if there is none.
	StepNextReady(ctx context.Context, p StepNextReadyParams) (time.Time, bool, error)

	// StepComplete records the outcome of a go step (an activity started
	// by durgen.Go), which resumes no continuation: a get step waiting for
	// it becomes ready with its outcome, in the same transaction. The step
	// must still be held by Owner with Fence (ErrFenced otherwise).
	StepComplete(ctx context.Context, p StepCompleteParams) error

	// InstanceCancel requests the cancellation of a running instance: its
	// outstanding steps not made with durgen.WithoutCancel become ready at
	// once (sleeps, receives and gets stop waiting), and steps it records
	// later are ready at once too; the engine resolves them with
	// durgen.ErrCanceled. Its running children are cancelled too; the
	// parent's steps waiting for them wait for their outcome. It is an error matching ErrInstanceEnded if the
	// instance has ended. Cancelling twice is not an error.
	InstanceCancel(ctx context.Context, p InstanceCancelParams) error

	// SignalSend records a signal for an instance. If a receive step of
	// the instance waits for the signal's name, the signal is consumed by
	// it and the step becomes ready, in the same transaction; otherwise it
	// is kept, in order, for the next receive. Signals to an ended
	// instance are refused with ErrInstanceEnded.
	SignalSend(ctx context.Context, p SignalSendParams) error

	// HistoryList returns an instance's history, oldest first. Every store
	// method that changes an instance appends to it in the same
	// transaction.
	HistoryList(ctx context.Context, instanceID string) ([]*HistoryEvent, error)
	// HistoryPrune deletes the history of instances that ended before
	// p.Before and returns the number of events deleted.
	HistoryPrune(ctx context.Context, p HistoryPruneParams) (int, error)

	// CheckpointCommit applies checkpoints in one transaction (group
	// commit: one fsync for many). A checkpoint whose step is no longer
	// held by its owner with its fence, or whose instance changed since the
	// claim, is not applied: its entry in the returned slice matches
	// ErrFenced. Other checkpoints of the batch are applied regardless. The
	// error result is for the transaction as a whole: nothing was applied.
	CheckpointCommit(ctx context.Context, cps []*Checkpoint) ([]error, error)

	// Close releases the store's resources.
	Close() error
}

// Errors a Store returns, matched with errors.Is.
var (
	// ErrNotFound: no such instance.
	ErrNotFound = errors.New("durgen: instance not found")
	// ErrInstanceExists: the ID is taken by an instance of another workflow.
	ErrInstanceExists = errors.New("durgen: instance exists with another workflow")
	// ErrInstanceEnded: the instance has ended and takes no signal.
	ErrInstanceEnded = errors.New("durgen: instance has ended")
	// ErrFenced: the lease was lost (expired and taken by another worker,
	// or the instance moved on); a stale worker's write is rejected.
	ErrFenced = errors.New("durgen: lease lost; stale write rejected")
)

// Status is an instance's lifecycle state.
type Status string

// Instance statuses.
const (
	// StatusRunning: the instance has an outstanding step (ready, running
	// or sleeping).
	StatusRunning Status = "running"
	// StatusCompleted: the workflow returned a nil error.
	StatusCompleted Status = "completed"
	// StatusFailed: the workflow returned an error.
	StatusFailed Status = "failed"
	// StatusCanceled: the instance was cancelled and its workflow
	// returned an error matching durgen.ErrCanceled.
	StatusCanceled Status = "canceled"
	// StatusIncompatible: the instance's shape does not match the code of
	// the worker that claimed it; it is parked, nothing is lost.
	StatusIncompatible Status = "incompatible"
)

// IsDone reports whether s is a final status.
func (s Status) IsDone() bool { return s != StatusRunning }

// StepKind says what an instance waits for in a step.
type StepKind string

// Step kinds.
const (
	// StepStart runs the workflow from its entry label.
	StepStart StepKind = "start"
	// StepCall runs an activity.
	StepCall StepKind = "call"
	// StepSleep waits until ReadyAt.
	StepSleep StepKind = "sleep"
	// StepGo runs an activity started by durgen.Go; it resumes nothing,
	// its outcome waits for a get step.
	StepGo StepKind = "go"
	// StepTimer is a durable timer started by durgen.Timer: it ends with
	// its time as result at ReadyAt; like a go step it resumes nothing.
	StepTimer StepKind = "timer"
	// StepGet waits for the go, timer or child step named by WaitsFor.
	StepGet StepKind = "get"
	// StepSelect waits for the first of the steps listed (JSON) in Input
	// to end; its result is that step's index in the list.
	StepSelect StepKind = "select"
	// StepChild waits for a child instance (a workflow called from a
	// workflow) and resumes the parent with its outcome. The child's ID
	// is in Signal.
	StepChild StepKind = "child"
	// StepSpawn is a child instance started by durgen.Spawn: a future
	// that ends when the child does.
	StepSpawn StepKind = "spawn"
	// StepCompensate runs the undo step number WaitsFor of the instance's
	// Compensations, after the workflow failed.
	StepCompensate StepKind = "compensate"
	// StepReceive waits for the next signal named Signal, or Deadline.
	StepReceive StepKind = "receive"
)

// StepStatus is a step's lifecycle state.
type StepStatus string

// Step statuses.
const (
	// StepReady: waiting to be claimed at ReadyAt.
	StepReady StepStatus = "ready"
	// StepWaiting: waiting for another step (get) or a signal (receive);
	// a receive with a Deadline is claimable once it passes.
	StepWaiting StepStatus = "waiting"
	// StepRunning: leased to a worker.
	StepRunning StepStatus = "running"
	// StepDone: resolved; its result was handed to the continuation in the
	// same transaction.
	StepDone StepStatus = "done"
)

// Instance is a stored workflow instance.
type Instance struct {
	ID       string
	Workflow string
	// Shape is the shape hash of the code that started the instance.
	Shape  string
	Status Status
	// PC is the label the frame resumes at.
	PC int
	// Frame is the checkpointed frame, JSON: the label and the named
	// locals live across the pending await.
	Frame json.RawMessage
	// NextStep is the number the instance's next step gets.
	NextStep int
	Input    json.RawMessage
	// Output is the encoded result once Status is completed.
	Output json.RawMessage
	// Error is the encoded error (see core.EncodeError) once Status is
	// failed or incompatible.
	Error json.RawMessage
	// Version counts the instance's checkpoints; a checkpoint must name
	// the version it was computed from.
	Version int64
	// Canceled is set once cancellation was requested.
	Canceled bool
	// ParentID and ParentStep name the step of the parent instance that
	// waits for a child instance.
	ParentID   string
	ParentStep int
	// Compensations are the undo steps registered with durgen.Compensate,
	// JSON, in registration order. While they run, the instance is
	// running and Output and Error hold the workflow's outcome.
	Compensations json.RawMessage
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Step is one await of an instance: the intention, recorded before it runs
// (kind, activity, input, options, idempotency key), and its outcome.
type Step struct {
	InstanceID string
	// Number counts an instance's steps: 0 is the start, awaits from 1.
	Number int
	Kind   StepKind
	// PC is the label the frame resumes at when the step is resolved.
	PC             int
	Activity       string
	Input          json.RawMessage
	Options        json.RawMessage
	IdempotencyKey string
	Status         StepStatus
	// Attempt counts claims of the step; an attempt interrupted by a
	// crash counts.
	Attempt int
	// ReadyAt is when the step may be claimed (clock time); for a sleep,
	// its wake-up time.
	ReadyAt time.Time
	// LeaseOwner and LeaseExpires (wall time) hold a running step.
	LeaseOwner   string
	LeaseExpires time.Time
	// Fence is incremented by every claim; writes must present it.
	Fence  int64
	Result json.RawMessage
	// Error is the encoded error of the last failed attempt, or of the
	// step's final outcome.
	Error     json.RawMessage
	CreatedAt time.Time
	// DoneAt is the clock time the step was resolved.
	DoneAt time.Time
	// WaitsFor is the go step a get step waits for.
	WaitsFor int
	// Signal and Deadline (zero: none) describe a receive step.
	Signal   string
	Deadline time.Time
	// NoCancel is set for a step made with durgen.WithoutCancel.
	NoCancel bool
	// Heartbeat holds the details of the step's last activity heartbeat.
	Heartbeat json.RawMessage
}

// Claim is a step leased to a worker, with its instance as of the claim.
type Claim struct {
	Step     *Step
	Instance *Instance
}

// InstanceCreateParams are the arguments of Store.InstanceCreate.
type InstanceCreateParams struct {
	ID       string
	Workflow string
	Shape    string
	Input    json.RawMessage
	// Frame is the encoded frame at label 0.
	Frame json.RawMessage
	// Now is the clock time: the instance's creation and the start step's
	// ReadyAt.
	Now time.Time
}

// InstanceCreateResult is the result of Store.InstanceCreate.
type InstanceCreateResult struct {
	Instance *Instance
	// Created is false if the instance existed.
	Created bool
}

// InstanceListParams are the arguments of Store.InstanceList.
type InstanceListParams struct {
	// Workflow and Status filter when set.
	Workflow string
	Status   Status
	// Limit bounds the result; zero means 100.
	Limit int
}

// StepClaimParams are the arguments of Store.StepClaim.
type StepClaimParams struct {
	// Owner names the claiming worker.
	Owner string
	// Workflows restricts claims to instances of these workflows (those
	// the worker has code for). Empty claims nothing.
	Workflows []string
	// Now is the clock time: steps with ReadyAt <= Now are ready.
	Now time.Time
	// LeaseNow is the wall time; a running step whose lease expired
	// before it is claimed again.
	LeaseNow time.Time
	// LeaseExpires is the wall time the new leases end.
	LeaseExpires time.Time
	// LostError is recorded as the Error of an activity step (call, go,
	// compensate) taken over from an expired lease: the interrupted
	// attempt's outcome. Other steps keep their outcome.
	LostError json.RawMessage
	// Limit bounds the number of claims.
	Limit int
}

// StepHeartbeatParams are the arguments of Store.StepHeartbeat.
type StepHeartbeatParams struct {
	InstanceID   string
	Step         int
	Owner        string
	Fence        int64
	LeaseExpires time.Time
	// Heartbeat, if set, replaces the step's heartbeat details.
	Heartbeat json.RawMessage
}

// StepRetryParams are the arguments of Store.StepRetry.
type StepRetryParams struct {
	InstanceID string
	Step       int
	Owner      string
	Fence      int64
	// ReadyAt is the clock time of the next attempt.
	ReadyAt time.Time
	// Error is the encoded error of the failed attempt.
	Error json.RawMessage
	// Heartbeat, if set, replaces the step's heartbeat details.
	Heartbeat json.RawMessage
	// Now is the clock time.
	Now time.Time
}

// StepNextReadyParams are the arguments of Store.StepNextReady.
type StepNextReadyParams struct {
	Workflows []string
}

// Checkpoint is what one resolved step commits: the step's outcome, the
// frame after the continuation it resumed, and either the next step (the
// intention, with its arguments) or the instance's final outcome.
type Checkpoint struct {
	// InstanceID and Step name the resolved step; Owner and Fence must
	// still hold its lease, and Version must be the instance's version.
	InstanceID string
	Step       int
	Owner      string
	Fence      int64
	Version    int64
	// Result and Error are the step's outcome.
	Result json.RawMessage
	Error  json.RawMessage
	// Now is the clock time of the continuation.
	Now time.Time
	// Frame and PC are the checkpointed frame.
	Frame json.RawMessage
	PC    int
	// Starts are the go and timer steps the continuation started
	// (durgen.Go, durgen.Timer).
	Starts []*StepNew
	// CancelFutures are go and timer steps the continuation cancelled
	// (Future.Cancel): those not yet started end with CancelError.
	CancelFutures []int
	CancelError   json.RawMessage
	// Next is the step the instance now waits for; nil with a final
	// Status.
	Next *StepNew
	// NextStep is the instance's next step number after this checkpoint.
	NextStep int
	// ChainOwner, if set, asks the store to lease Next to ChainOwner until
	// ChainLeaseExpires (wall time) in the same transaction, if it is an
	// activity call ready at once and the instance is not cancelled: the
	// worker goes on without a claim transaction. The store reports it in
	// Chained (the step's attempt and fence are then 1).
	ChainOwner        string
	ChainLeaseExpires time.Time
	Chained           bool
	// Compensations, if set, replaces the instance's Compensations.
	Compensations json.RawMessage
	// Status is StatusRunning with Next, or the final status with Output
	// or FinalError.
	Status     Status
	Output     json.RawMessage
	FinalError json.RawMessage
}

// StepNew is a step to record: the command a continuation ended with.
// Its number is the instance's NextStep.
type StepNew struct {
	Number         int
	Kind           StepKind
	PC             int
	Activity       string
	Input          json.RawMessage
	Options        json.RawMessage
	IdempotencyKey string
	ReadyAt        time.Time
	// WaitsFor names the go step of a get step.
	WaitsFor int
	// Signal and Deadline (zero: none) describe a receive step.
	Signal   string
	Deadline time.Time
	// Error, if set, records the step as already done with this error
	// (a go step whose input could not be encoded).
	Error json.RawMessage
	// NoCancel is set for a step made with durgen.WithoutCancel.
	NoCancel bool
	// Child is the instance a child or spawn step starts, in the same
	// transaction (its ID is "<parent>/<step>").
	Child *InstanceCreateParams
}

// InstanceCancelParams are the arguments of Store.InstanceCancel.
type InstanceCancelParams struct {
	ID string
	// Now is the clock time.
	Now time.Time
}

// StepCompleteParams are the arguments of Store.StepComplete.
type StepCompleteParams struct {
	InstanceID string
	Step       int
	Owner      string
	Fence      int64
	Result     json.RawMessage
	Error      json.RawMessage
	// Now is the clock time.
	Now time.Time
}

// SignalSendParams are the arguments of Store.SignalSend.
type SignalSendParams struct {
	InstanceID string
	Name       string
	Payload    json.RawMessage
	// Now is the clock time.
	Now time.Time
}

// HistoryEvent is one entry of an instance's history.
type HistoryEvent struct {
	Seq        int64
	InstanceID string
	// Step is the step concerned, -1 for the instance as a whole.
	Step int
	// At is the clock time of the change.
	At time.Time
	// Event is started, scheduled, claimed, completed, failed, retried,
	// signalled, cancel_requested or ended.
	Event string
	// Detail is JSON: the step's kind and activity, the attempt, the
	// error, the final status.
	Detail json.RawMessage
}

// HistoryPruneParams are the arguments of Store.HistoryPrune.
type HistoryPruneParams struct {
	Before time.Time
}

package runtime

import (
	"encoding/json"
	"time"
)

// EventKind names a point in a worker's handling of a step.
type EventKind string

// The points at which Options.OnEvent is called. The hook runs on the
// worker goroutine that handles the step, synchronously: while it blocks,
// the step stays at that point. Crash tests use that to kill a worker
// process at an exact place.
const (
	// EventStepClaimed: a step was leased; nothing of it has run.
	EventStepClaimed EventKind = "claimed"
	// EventActivityReturned: a call step's activity returned; its result
	// is not yet committed. A crash here re-runs the activity, with the
	// same idempotency key and input.
	EventActivityReturned EventKind = "returned"
	// EventStepRetried: an attempt failed and the step was put back to be
	// retried at Event.ReadyAt.
	EventStepRetried EventKind = "retried"
	// EventCheckpointCommitted: the step's outcome, the new frame and the
	// next step (or the final outcome) were committed.
	EventCheckpointCommitted EventKind = "committed"
	// EventFenced: the worker lost the step's lease; its write was
	// rejected and its work dropped.
	EventFenced EventKind = "fenced"
	// EventError: a store operation failed; the worker carries on.
	EventError EventKind = "error"
)

// Event describes what a worker is doing, for Options.OnEvent.
type Event struct {
	Kind       EventKind
	InstanceID string
	Workflow   string
	// Step, StepKind and Attempt describe the step handled.
	Step     int
	StepKind StepKind
	Attempt  int
	// Label is the label the step resumes (the frame's PC before the
	// continuation); after a commit, PC is the frame's new label.
	Label int
	PC    int
	// Activity, Input and IdempotencyKey describe a call step.
	Activity       string
	Input          json.RawMessage
	IdempotencyKey string
	// Err is the attempt's error (EventActivityReturned, EventStepRetried)
	// or the failure (EventFenced, EventError).
	Err error
	// ReadyAt is when a retried step is due.
	ReadyAt time.Time
	// Next is the step recorded by the commit, nil if the instance ended
	// with Status.
	Next   *StepNew
	Status Status
	// Batch is the number of checkpoints committed in the same
	// transaction.
	Batch int
}

// Package runtime is durgen's engine: it starts workflow instances, drives
// their generated state machines (package machine) and checkpoints them in a
// Store, so that an instance survives crashes, deploys and long sleeps and
// resumes at its saved label. Nothing is replayed.
//
// An instance is a row holding its frame (the label and the locals live
// across the pending await, as JSON) and a set of step rows: the awaits it
// is suspended on, each recorded with its arguments before it runs. A worker
// (Engine.Run) repeats one uniform cycle:
//
//  1. claim a ready step under a lease (a start step, a sleep whose wake-up
//     time has passed, an activity call, a future's result, a signal);
//  2. resolve it: run the activity, with its stable idempotency key
//     "<instance>/<step>" in durgen.Info, retrying per policy;
//  3. run the next continuation in memory: decode the frame, Step it with
//     the step's outcome, encode it;
//  4. commit, in one write transaction shared with other ready
//     checkpoints (group commit): the step's outcome, the new frame and
//     the next step with its arguments, or the instance's final outcome.
//     If the next step is an activity call ready at once, the same
//     transaction leases it to this worker, which goes on without a claim.
//
// A crash before step 4 loses nothing but the attempt: the step's lease
// expires and another worker runs it again with the same key and input (an
// activity attempt so interrupted fails with durgen.ErrWorkerLost, which the
// retry policy sees). A worker whose lease expired cannot commit late: every
// write names the lease owner and the step's fencing token.
//
// Besides calls and sleeps, an instance may have several steps outstanding:
// go steps (durgen.Go) and timers (durgen.Timer) run without resuming the
// workflow, and get and select steps (Future.Get, durgen.Select) wait for
// them; receive steps (durgen.Receive) wait for signals (Engine.Signal),
// which are kept in order until received; child and spawn steps wait for
// child instances ("<parent>/<step>"). Engine.Cancel makes every await not
// made through durgen.WithoutCancel return durgen.ErrCanceled, cascading to
// children; a failed or cancelled workflow's durgen.Compensate undo steps
// then run in reverse order. Every change is appended to the instance's
// history (Engine.History) in its own transaction.
//
// Sleeping instances hold no goroutine: a timer is a step row with a wake-up
// time. Timers, retry backoff and durgen.Now use the engine's Clock (real,
// ScaledClock, or FakeClock); leases use the wall clock, because they
// measure whether a process is alive.
//
// Start an instance with Start (by workflow function) or Engine.StartName,
// run workers with Engine.Run, wait for an outcome with Result or
// Engine.Wait, inspect with Engine.Get, Engine.Steps and Engine.History.
// Package runtime/sqlite is the embedded store, runtime/storetest the
// conformance suite of stores, runtime/durgentest the helpers for users'
// tests.
package runtime

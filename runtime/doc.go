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
//     time has passed, or an activity call);
//  2. resolve it: run the activity, with its stable idempotency key
//     "<instance>/<step>" in durgen.Info, retrying per policy;
//  3. run the next continuation in memory: decode the frame, Step it with
//     the step's outcome, encode it;
//  4. commit, in one write transaction shared with other ready
//     checkpoints (group commit): the step's outcome, the new frame and
//     the next step with its arguments, or the instance's final outcome.
//
// A crash before step 4 loses nothing but the attempt: the step's lease
// expires and another worker runs it again with the same key and input. A
// worker whose lease expired cannot commit late: every write names the lease
// owner and the step's fencing token.
//
// Sleeping instances hold no goroutine: a timer is a step row with a wake-up
// time. Timers, retry backoff and durgen.Now use the engine's Clock (real,
// scaled, or fake); leases use the wall clock.
//
// Start an instance with Start (by workflow function) or Engine.StartName,
// run workers with Engine.Run, and wait for an outcome with Result or
// Engine.Wait.
package runtime

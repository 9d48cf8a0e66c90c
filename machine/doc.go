// Package machine is the protocol between the state machines that durgen
// generates and the runtime that drives them. Workflow authors do not import
// it; generated *_durgen.go files and package runtime do.
//
// A generated workflow is a Frame: a struct holding the resume label (PC, from
// the embedded Label) and the locals live across an await, with a Step method
// that runs the continuation at PC up to the next await point and returns the
// Command that suspends it: call an activity, sleep until a time, or return.
// Before Step is called the runtime puts the outcome of the await that
// resumes it (read back with Result or Done) and the step's recorded time in the Context.
//
// Naming convention, which the generator relies on: every suspending function
// durgen.X of the author API has a command constructor machine.X taking the
// same arguments; the generated code replaces the await with
// `return machine.X(ctx, args...)` and, at the resume label, reads the outcome
// with Result[T] (for a (T, error) result) or Done (for an error result).
// A method await f.Get(ctx) becomes machine.Get(ctx, f), and a direct call of
// another workflow W(ctx, in) becomes machine.Child(ctx, name, W, in).
//
// Each generated file registers its workflows in an init function (Register,
// Define, Activity), so a worker finds a workflow by name or by its function
// value, and an activity by name.
package machine

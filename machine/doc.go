// Package machine is the protocol between the state machines that durgen
// generates and the runtime that drives them. Workflow authors do not import
// it; generated *_durgen.go files and package runtime do.
//
// A generated workflow is a Frame: a struct holding the resume label (PC, from
// the embedded Label) and the locals live across an await, with a Step method
// that runs the continuation at PC up to the next await point and returns the
// Command that suspends it: call an activity, sleep until a time, or return.
// Before Step is called the runtime puts the outcome of the await that
// resumes it (Result, Slept) and the step's recorded time in the Context.
//
// Each generated file registers its workflows in an init function (Register,
// Define, Activity), so a worker finds a workflow by name or by its function
// value, and an activity by name.
package machine

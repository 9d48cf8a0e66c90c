// Package durgen is the vocabulary of durable workflows: the functions a
// workflow author writes against.
//
// A workflow is an ordinary Go function marked //durgen:workflow:
//
//	//durgen:workflow
//	func Transfer(ctx durgen.Context, p Payment) (Receipt, error) {
//		acct, err := durgen.Await(ctx, LookupAccount, p.Payer)
//		if err != nil {
//			return Receipt{}, err
//		}
//		if err := durgen.Sleep(ctx, 30*time.Minute); err != nil {
//			return Receipt{}, err
//		}
//		...
//	}
//
// Running `go generate` (with a //go:generate durgen line in the package)
// compiles each workflow into a state machine in <file>_durgen.go: the
// function is split at its await points (Await, Sleep, SleepUntil) into
// numbered continuations, and the locals live across an await are hoisted
// into a frame struct that the runtime (package
// github.com/durgen/durgen/runtime) checkpoints at every await and resumes,
// after a crash or a ten-day sleep, at the saved label. Nothing is replayed.
//
// The original function stays. Called with a context from Direct, it is a
// plain Go function: awaits run their activities inline and sleeps return at
// once. That is direct mode, the oracle the state machine is tested against.
//
// An activity is any func(context.Context, I) (O, error). It runs at least
// once per await; durgen.Info gives it a stable idempotency key so that its
// effect happens once where the callee honours the key.
package durgen

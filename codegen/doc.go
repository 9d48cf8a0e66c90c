// Package codegen compiles //durgen:workflow functions into resumable state
// machines. Generate returns the generated files and the diagnostics and
// writes nothing; only the CLI touches disk.
//
// The pipeline, one file a stage:
//
//	load.go     go/packages: syntax and types of the named packages
//	find        internal/workflow.Find: the workflows of each file and their
//	            await points (the same definition the analyzer uses)
//	check.go    the rules of internal/workflow, which durgen vet reports
//	            too: code they reject (including await forms the splitter
//	            does not take) is refused with positioned diagnostics
//	normalize.go brings awaits nested in expressions, conditions, switch
//	            tags and case expressions, type switch guards, the left of
//	            assignments, and a for loop's init and post statements out
//	            to statements of their own, in Go's order, and type-checks
//	            the result again
//	liveness    internal/workflow.Live: the locals live across each await
//	            become frame fields (backward dataflow over go/cfg)
//	split.go    lowers the body to numbered continuations: each case of the
//	            step's dispatch runs from one label to the next await
//	goto.go     a goto label in lowered code becomes a case of its own
//	defer.go    defer statements record their calls in the frame; every
//	            return goes through an epilogue case that makes them
//	print.go    prints the user's statements with hoisted locals rewritten
//	            to frame fields, returns to machine.Return, and branches
//	            that leave a lowered loop to label jumps
//	emit.go     assembles <file>_durgen.go and gofmts it
//	sanity.go   checks the split form (every label reached and dispatched,
//	            every jump to a label that exists)
//
// tree.go defines the split form; flow.go decides where control cannot
// go past a statement.
//
// The shape of the output, for a workflow W in w.go:
//
//	type wFrame struct {
//		machine.Label
//		N     int `json:"n"`     // w.go:12
//		Total int `json:"total"` // w.go:13
//	}
//
//	func (f *wFrame) Step(ctx durgen.Context) machine.Command {
//		for {
//			switch f.PC {
//			case 0:
//				...the code up to the first await...
//				f.PC = 1
//				return machine.Call(ctx, "example.com/w.Double", Double, f.N)
//			case 1:
//				d, err := machine.Result[int](ctx)
//				...
//			}
//		}
//	}
//
// Statements without an await stay as written; only control flow that
// contains an await is lowered to labels. A label's case ends by returning
// a command (an await, or the workflow's return) or by setting f.PC to the
// next label and going round the dispatch loop, which costs nothing durable:
// only a returned command ends a step.
//
// Locals: a local is a frame field if and only if it is live across an await
// (or is a parameter live at entry). A local that is dead at every await but
// whose uses fall in more than one case is declared once at the top of Step,
// as a plain Go variable. Every other local stays where the user declared it.
//
// The output is printed with go/printer from the user's own syntax trees,
// with the rewritten identifiers, rather than built with a code-building
// library: the continuations are the user's statements, and printing their
// syntax keeps their layout and their comments and resolves package names
// the way the user's file does.
package codegen

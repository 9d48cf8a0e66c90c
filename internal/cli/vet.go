package cli

import (
	"io"

	"github.com/durgen/durgen/internal/vet"
)

// runVet reports what cannot be made durable: every rule of package
// internal/workflow, errors and warnings, as file:line:col: message.
func runVet(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("vet", stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	return vet.Vet(fs.Args(), "", stdout)
}

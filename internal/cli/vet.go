package cli

import (
	"fmt"
	"io"
)

// runVet reports what cannot be made durable.
func runVet(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "durgen vet: not wired yet")
	return 2
}

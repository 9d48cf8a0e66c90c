// Package machine is a stub of the protocol between generated code and the
// runtime, for the analyzer's tests.
package machine

import (
	"time"

	"github.com/durgen/durgen"
)

type Command struct{ Kind int }

func Sleep(ctx durgen.Context, d time.Duration) Command { return Command{} }

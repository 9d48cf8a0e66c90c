package durgen

import (
	"errors"

	"github.com/durgen/durgen/internal/core"
)

var (
	// ErrCanceled is returned by an await of a workflow instance that was
	// cancelled.
	ErrCanceled = errors.New("durgen: workflow canceled")
	// ErrTimeout is returned when a wait's deadline passes first.
	ErrTimeout = errors.New("durgen: timeout")
)

func init() { core.RegisterError(ErrCanceled, ErrTimeout) }

// RegisterError makes errors.Is identity with the given sentinel errors
// survive a checkpoint. An error stored by the runtime (an activity's
// failure, an error local kept across an await) keeps its message; it keeps
// matching a sentinel with errors.Is only if the sentinel was registered, in
// every process that runs the workflow. Sentinels are told apart by dynamic
// type and message, so two registered sentinels need distinct messages.
func RegisterError(sentinels ...error) { core.RegisterError(sentinels...) }

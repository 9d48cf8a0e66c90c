package durgen

import (
	"errors"
	goruntime "runtime"
	"strings"

	"github.com/durgen/durgen/internal/core"
)

var (
	// ErrCanceled is returned by an await of a workflow instance that was
	// cancelled.
	ErrCanceled = errors.New("durgen: workflow canceled")
	// ErrTimeout is returned when a wait's deadline passes first.
	ErrTimeout = errors.New("durgen: timeout")
)

func init() { core.RegisterError("github.com/durgen/durgen", ErrCanceled, ErrTimeout) }

// RegisterError makes errors.Is identity with the given sentinel errors
// survive a checkpoint. An error stored by the runtime (an activity's
// failure, an error local kept across an await) keeps its message; it keeps
// matching a sentinel with errors.Is only if the sentinel was registered, in
// every process that runs the workflow. Sentinels are told apart by the
// package that registers them, their dynamic type and their message, so two
// sentinels one package registers need distinct messages.
func RegisterError(sentinels ...error) { core.RegisterError(callerPackage(), sentinels...) }

// callerPackage returns the import path of the package whose code called
// the caller of callerPackage.
func callerPackage() string {
	pc, _, _, ok := goruntime.Caller(2)
	if !ok {
		return ""
	}
	name := goruntime.FuncForPC(pc).Name() // path/to/pkg.Func or path/to/pkg.init.0
	slash := strings.LastIndex(name, "/")
	if dot := strings.Index(name[slash+1:], "."); dot >= 0 {
		return name[:slash+1+dot]
	}
	return name
}

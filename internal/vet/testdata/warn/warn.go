// Package warn holds a workflow with a warning only.
package warn

import (
	"time"

	"github.com/durgen/durgen"
)

//durgen:workflow
func Wait(ctx durgen.Context, d time.Duration) (time.Duration, error) {
	start := time.Now()
	if err := durgen.Sleep(ctx, d); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

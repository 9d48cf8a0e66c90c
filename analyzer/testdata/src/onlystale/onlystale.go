package onlystale

import (
	"time"

	"github.com/durgen/durgen"
)

//durgen:workflow
func Wait(ctx durgen.Context, d time.Duration) (time.Duration, error) {
	ch := make(chan int) // not reported: only the stale check is on
	start := time.Now()
	if err := durgen.Sleep(ctx, d); err != nil {
		return 0, err
	}
	close(ch)
	return time.Since(start), nil // want `start holds a time\.Now reading`
}

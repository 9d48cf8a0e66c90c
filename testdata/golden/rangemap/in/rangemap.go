// Package rangemap: range over a map with awaits in the body. Go's order
// is random, so the results depend only on the set of entries: every key is
// visited once, and the activity inputs are the iteration count, not the
// key. Across a resume the iteration must go on from where it was.
package rangemap

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Weight is an activity; it fails for 4.
func Weight(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Weight", i)
	if i == 4 {
		return 0, errors.New("four")
	}
	return i + 1, nil
}

// Total weighs the entries of prices.
//
//durgen:workflow
func Total(ctx durgen.Context, prices map[string]int) (string, error) {
	total, count := 0, 0
	for k, v := range prices {
		durgen.Sleep(ctx, time.Duration(v)*time.Second)
		total += v * len(k)
		count++
	}
	i := 0
	for k := range prices {
		w, err := durgen.Await(ctx, Weight, i)
		if err != nil {
			return "", err
		}
		i++
		total += w + 100*prices[k]
	}
	return fmt.Sprint(total, count, i), nil
}

// Package rangemapdelete: deleting map entries during a range with awaits.
// An entry deleted before the loop reaches it is not visited: each visit
// deletes its partner key (k^1), so exactly one key of every pair is
// visited, whichever comes first; a second loop deletes every other key on
// its first visit, so it runs once; deleting the current key is harmless.
package rangemapdelete

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Tick is an activity.
func Tick(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Tick", i)
	return i, nil
}

// Pairs visits one key of each pair 2j, 2j+1 below 2n.
//
//durgen:workflow
func Pairs(ctx durgen.Context, n int) (string, error) {
	m := map[int]int{}
	for k := range 2 * n {
		m[k] = k * k
	}
	visits, sum := 0, 0
	for k, v := range m {
		p := k ^ 1
		sum += k + p + v + m[p] // m[p] is 0 once p is deleted
		delete(m, p)
		t, _ := durgen.Await(ctx, Tick, visits)
		visits++
		sum += t
		delete(m, k)
		durgen.Sleep(ctx, time.Second)
	}
	all := map[string]bool{"a": true, "b": true, "c": true}
	once := 0
	for k := range all {
		for other := range all {
			if other != k {
				delete(all, other)
			}
		}
		durgen.Await(ctx, Tick, -1)
		once++
	}
	return fmt.Sprint(visits, len(m), once, len(all)), nil
}

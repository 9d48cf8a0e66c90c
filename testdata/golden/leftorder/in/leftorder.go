// Package leftorder: the operands on the left of an assignment run in Go's
// order with the awaits of the statement: an index made by a call before
// the await that fills the element (its arguments' calls after the index),
// a map element updated with += whose key is made once, before the await,
// an index before an await and a call after it, an increment of a map
// element whose key awaits, an array element, an element set from a
// Sleep's result, and a loop's post statement whose index awaits. A log of the
// workflow's own calls shows the order.
package leftorder

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

// Log numbers the calls the workflow makes of its own code, in order.
type Log struct {
	Seq []string `json:"seq"`
}

// Next notes s and returns its position in the log.
func (l *Log) Next(s string) int {
	l.Seq = append(l.Seq, s)
	return len(l.Seq) - 1
}

func val(n int, err error) int { return n }

// Left assigns to elements whose indexes are made around awaits.
//
//durgen:workflow
func Left(ctx durgen.Context, n int) (string, error) {
	var l Log
	xs := make([]int, 8)
	m := map[string]int{}
	var err error
	xs[l.Next("index")], err = durgen.Await(ctx, Inc, l.Next("arg"))
	m[fmt.Sprint("k", l.Next("key"))] += val(durgen.Await(ctx, Inc, l.Next("value")))
	xs[l.Next("a")%8] += val(durgen.Await(ctx, Inc, n)) * l.Next("b")
	m[fmt.Sprint("j", val(durgen.Await(ctx, Inc, l.Next("j"))))]++
	var ys [4]int
	ys[l.Next("array")%4] = val(durgen.Await(ctx, Inc, n))
	slept := make([]bool, 2)
	slept[l.Next("sleep")%2] = durgen.Sleep(ctx, time.Second) == nil
	for i := 0; i < 3; xs[val(durgen.Await(ctx, Inc, i))] -= l.Next("post") {
		i++
	}
	return fmt.Sprint(xs, m, ys, slept, l.Seq, err), nil
}

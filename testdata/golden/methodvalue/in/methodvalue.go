// Package methodvalue: method values and method expressions between
// awaits, not live across any: a pointer-receiver method value that updates
// a struct live across awaits, a value-receiver method value that bound a
// copy of the receiver when it was evaluated, and a method expression.
package methodvalue

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Score is an activity.
func Score(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Score", n)
	return n*3 + 1, nil
}

// Acc accumulates scores.
type Acc struct {
	Sum   int `json:"sum"`
	Count int `json:"count"`
}

// Add adds k.
func (a *Acc) Add(k int) { a.Sum += k; a.Count++ }

// String describes a.
func (a Acc) String() string { return fmt.Sprintf("%d/%d", a.Sum, a.Count) }

// Tally scores 0..n-1.
//
//durgen:workflow
func Tally(ctx durgen.Context, n int) (string, error) {
	var acc Acc
	var log []string
	for i := 0; i < n; i++ {
		s, _ := durgen.Await(ctx, Score, i)
		add := acc.Add
		show := acc.String // a copy of acc, taken now
		add(s)
		add(1)
		log = append(log, show()+">"+acc.String())
		durgen.Sleep(ctx, time.Second)
	}
	(*Acc).Add(&acc, 100)
	s, _ := durgen.Await(ctx, Score, acc.Sum)
	return fmt.Sprint(log, Acc.String(acc), s), nil
}

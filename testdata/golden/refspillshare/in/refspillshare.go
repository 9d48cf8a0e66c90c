// Package refspillshare: an operand that a call makes before an await of
// its statement is kept in a temporary across the await, and a resume
// restores a copy of it. Refused when the copy would not share memory with
// what the original shares it with: a map a method returns, passed before
// an await to a function that writes it; a slice a method returns, appended
// to before an await; a method value bound to a pointer a method returns,
// called with an argument that awaits; and a composite literal element
// holding a map a method returns, before an element that awaits. Each is
// fixed by a local of its own in a statement before (golden spillkeep).
package refspillshare

import (
	"context"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Tally keeps counts and items that the workflow writes through.
type Tally struct {
	Counts map[string]int `json:"counts"`
	Items  []int          `json:"items"`
}

func (t *Tally) counts() map[string]int { return t.Counts }
func (t *Tally) items() []int           { return t.Items }
func (t *Tally) self() *Tally           { return t }
func (t *Tally) add(n int)              { t.Items = append(t.Items, n) }

func record(m map[string]int, n int) { m["n"] += n }

func val(n int, err error) int { return n }

// Refused keeps memory made by calls across awaits.
//
//durgen:workflow
func Refused(ctx durgen.Context, t Tally) (Tally, error) {
	record(t.counts(), val(durgen.Await(ctx, Inc, 1)))
	t.Items = append(t.items(), val(durgen.Await(ctx, Inc, 2)))
	t.self().add(val(durgen.Await(ctx, Inc, 3)))
	u := Tally{Counts: t.counts(), Items: []int{val(durgen.Await(ctx, Inc, 4))}}
	return u, nil
}

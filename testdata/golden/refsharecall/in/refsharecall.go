// Package refsharecall: a call's result may be storage of its receiver or
// arguments, and a resume restores the two as separate copies. Refused when
// both are live across an await and the workflow writes through one of
// them: a map a method hands out, incremented after the await while the
// tally is read; a slice of the items a method returns, written by index
// after the await while the tally is returned. Not refused: a map made
// fresh, and names that a []string can hold no part of the tally's storage.
package refsharecall

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Tally keeps counts and items.
type Tally struct {
	Counts map[string]int `json:"counts"`
	Items  []int          `json:"items"`
}

// NewTally returns an empty tally.
func NewTally() Tally { return Tally{Counts: map[string]int{}, Items: []int{0, 0}} }

// Map hands out the tally's own counts.
func (t Tally) Map() map[string]int { return t.Counts }

// Tail hands out the tally's own items after the first.
func (t *Tally) Tail() []int { return t.Items[1:] }

// Names returns the names counted, in a slice of their own.
func (t Tally) Names() []string {
	var names []string
	for k := range t.Counts {
		names = append(names, k)
	}
	return names
}

// Total sums the counts and items.
func (t Tally) Total() int {
	n := 0
	for _, v := range t.Counts {
		n += v
	}
	for _, v := range t.Items {
		n += v
	}
	return n
}

// Count writes through what the tally hands out, across awaits.
//
//durgen:workflow
func Count(ctx durgen.Context, n int) (string, error) {
	t := NewTally()
	t.Counts["a"] = n
	m := t.Map()
	fresh := make(map[string]int, len(t.Counts))
	names := t.Names()
	k, err := durgen.Await(ctx, Inc, n)
	if err != nil {
		return "", err
	}
	m["a"] += k
	fresh["a"] = k
	names[0] = "b"
	tail := t.Tail()
	k, err = durgen.Await(ctx, Inc, k)
	tail[0] = k
	return fmt.Sprint(t.Total(), fresh, names), err
}

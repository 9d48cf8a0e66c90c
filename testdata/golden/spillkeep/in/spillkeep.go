// Package spillkeep: the close cousins of golden refspillshare, which
// generate. An operand made by a call before an await of its statement is
// kept in a temporary across the await, which is fine when the temporary
// shares no memory: a string a method returns; a fresh slice literal of ints, one a call makes; an
// int read out of a slice a method returns, at an index that awaits. A
// slice local before an await is not kept in a temporary at all (it is
// read after the await, from the frame), and a map a method returns,
// assigned to a local of its own before the statement that awaits, is the
// way out refspillshare names.
package spillkeep

import (
	"context"
	"fmt"
	"strings"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Name is an activity.
func Name(ctx context.Context, n int) (string, error) { return fmt.Sprint("n", n), nil }

// Tally keeps counts and items.
type Tally struct {
	Counts map[string]int `json:"counts"`
	Items  []int          `json:"items"`
}

func (t *Tally) counts() map[string]int { return t.Counts }
func (t *Tally) items() []int           { return t.Items }
func (t *Tally) name() string           { return fmt.Sprint("tally", len(t.Items)) }

func record(m map[string]int, n int) { m["n"] += n }

func merge(xs []int, n int) []int { return append(xs, n) }

func val(n int, err error) int { return n }

func str(s string, err error) string { return s }

// Keep keeps values that share no memory across awaits.
//
//durgen:workflow
func Keep(ctx durgen.Context, n int) (string, error) {
	t := &Tally{Counts: map[string]int{}, Items: []int{n, n + 1, n + 2}}
	s := strings.Join([]string{t.name(), str(durgen.Await(ctx, Name, n))}, "+")
	xs := t.Items
	xs = append(xs, val(durgen.Await(ctx, Inc, n)))
	ys := merge([]int{n, len(t.name())}, val(durgen.Await(ctx, Inc, n)))
	k := t.items()[val(durgen.Await(ctx, Inc, n))%3] * 10
	m := t.counts()
	record(m, val(durgen.Await(ctx, Inc, n)))
	return fmt.Sprint(s, xs, ys, k, m), nil
}

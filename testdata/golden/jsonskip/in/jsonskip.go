// Package jsonskip: a struct local live across an await whose field is
// tagged json:"-" and one with omitempty: the skipped field must still
// hold its value after a resume (or the program must be refused).
package jsonskip

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Add is an activity.
func Add(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Add", n)
	return n + 10, nil
}

// State is kept across awaits.
type State struct {
	Sum   int            `json:"sum"`
	Cache map[string]int `json:"-"`
	Note  string         `json:"note,omitempty"`
}

// Cached sums with a cache the frame might not keep.
//
//durgen:workflow
func Cached(ctx durgen.Context, n int) (string, error) {
	st := State{Cache: map[string]int{}}
	for i := 0; i < n; i++ {
		r, _ := durgen.Await(ctx, Add, i)
		st.Sum += r
		st.Cache[fmt.Sprint(i)] = r
	}
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(st.Sum, len(st.Cache), st.Note == ""), nil
}

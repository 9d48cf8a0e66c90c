// Package mapalias: two locals naming one map, both live across an await:
// a write through one after the resume must show through the other (or
// the generator must refuse the program).
package mapalias

import (
	"fmt"
	"time"

	"github.com/durgen/durgen"
)

// Index keeps two names for one map.
//
//durgen:workflow
func Index(ctx durgen.Context, n int) (string, error) {
	m := map[string]int{"n": n}
	view := m
	durgen.Sleep(ctx, time.Second)
	view["seen"] = n + 1
	delete(view, "n")
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(m, view), nil
}

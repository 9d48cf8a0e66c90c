// Package initcell: found by FuzzTransform. A local declared in an if's or a
// switch's init, captured by a closure after an await in the body: the
// generator fails with an internal error (its generated code does not parse:
// "expected boolean expression, found assignment" for the if, "expected '{',
// found ';'" for the switch).
package initcell

import (
	"context"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

// If captures an if's init variable in a closure after an await.
//
//durgen:workflow
func If(ctx durgen.Context, n int) (int, error) {
	out := 0
	if y := n; y >= 0 {
		durgen.Await(ctx, Inc, y)
		func() {
			y++
		}()
		out = y
	}
	return out, nil
}

// Switch captures a switch's init variable in a closure after an await.
//
//durgen:workflow
func Switch(ctx durgen.Context, n int) (int, error) {
	out := 0
	switch y := n; y % 2 {
	case 0:
		durgen.Await(ctx, Inc, y)
		func() {
			y++
		}()
		out = y
	}
	return out, nil
}

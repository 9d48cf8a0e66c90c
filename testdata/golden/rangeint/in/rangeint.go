// Package rangeint: range over an integer, evaluated once (changing n in
// the body does not change the count), with and without a loop variable,
// and over zero and negative counts.
package rangeint

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Cube is an activity; it fails for 5.
func Cube(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Cube", i)
	if i == 5 {
		return 0, errors.New("five")
	}
	return i * i * i, nil
}

// Cubes sums the cubes below n.
//
//durgen:workflow
func Cubes(ctx durgen.Context, n int) (string, error) {
	sum := 0
	for i := range n {
		c, err := durgen.Await(ctx, Cube, i)
		if err != nil {
			return "", err
		}
		sum += c
		n-- // the loop still runs the original n times
	}
	naps := 0
	for range 3 {
		durgen.Sleep(ctx, time.Minute)
		naps++
	}
	var k int8
	for k = range int8(2) {
		durgen.Sleep(ctx, time.Second)
	}
	return fmt.Sprint(sum, n, naps, k), nil
}

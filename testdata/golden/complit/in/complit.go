// Package complit: awaits inside composite literals: struct fields, slice
// and array elements and map values, next to plain elements that are
// evaluated in place; an activity error becomes a field value.
package complit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Size is an activity; it fails above 5.
func Size(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Size", n)
	if n > 5 {
		return 0, errors.New("too big")
	}
	return n * n, nil
}

// Name is an activity.
func Name(ctx context.Context, n int) (string, error) {
	trace.Record(ctx, "Name", n)
	return fmt.Sprintf("n%d", n), nil
}

// Report is the workflow result.
type Report struct {
	Name  string         `json:"name"`
	Slept bool           `json:"slept"`
	Sizes []int          `json:"sizes"`
	Tags  map[string]int `json:"tags"`
	Pair  [2]string      `json:"pair"`
	Inner *Inner         `json:"inner"`
}

// Inner is part of Report.
type Inner struct {
	Size int `json:"size"`
}

func val(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

func str(s string, err error) string { return s }

// Build fills a Report from literals that await.
//
//durgen:workflow
func Build(ctx durgen.Context, n int) (Report, error) {
	r := Report{
		Name:  str(durgen.Await(ctx, Name, n)),
		Slept: durgen.Sleep(ctx, time.Minute) == nil,
		Sizes: []int{n, val(durgen.Await(ctx, Size, n)), n + 1, val(durgen.Await(ctx, Size, n+1))},
		Tags:  map[string]int{"a": val(durgen.Await(ctx, Size, n+2)), "b": n},
		Pair:  [2]string{"x", str(durgen.Await(ctx, Name, -n))},
		Inner: &Inner{Size: val(durgen.Await(ctx, Size, n-1))},
	}
	return r, nil
}

// Package forever: an infinite loop with awaits, left by break, by return
// and by an error; a continue that skips the rest of the body after an
// await.
package forever

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Fetch is an activity: page p of a listing with n items, three per page;
// it fails on page 4 of a listing of 13.
func Fetch(ctx context.Context, in Page) ([]int, error) {
	trace.Record(ctx, "Fetch", in)
	if in.P == 4 && in.N == 13 {
		return nil, errors.New("page four is broken")
	}
	var items []int
	for i := in.P * 3; i < in.P*3+3 && i < in.N; i++ {
		items = append(items, i)
	}
	return items, nil
}

// Page is Fetch's input.
type Page struct {
	P, N int
}

// All pages through a listing of n items.
//
//durgen:workflow
func All(ctx durgen.Context, n int) (string, error) {
	var all []int
	p := 0
	for {
		items, err := durgen.Await(ctx, Fetch, Page{p, n})
		if err != nil {
			return "", fmt.Errorf("page %d: %w", p, err)
		}
		p++
		if len(items) == 0 {
			break
		}
		if items[0]%2 == 1 {
			durgen.Sleep(ctx, time.Minute)
			continue
		}
		all = append(all, items...)
		if len(all) > 20 {
			return "too many", nil
		}
	}
	return fmt.Sprint(all, p), nil
}

// Package ranges: range loops whose bodies await, over a slice held in the
// frame (written by the body), a slice expression, an array, a string of
// runes, an integer, and a map that the body deletes from.
package ranges

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Echo", s)
	return "<" + s + ">", nil
}

// Ranges ranges over everything.
//
//durgen:workflow
func Ranges(ctx durgen.Context, words []string) (string, error) {
	var out []string
	for i, w := range words {
		s, err := durgen.Await(ctx, Echo, w)
		if err != nil {
			return "", err
		}
		if i+1 < len(words) {
			words[i+1] = strings.ToUpper(words[i+1])
		}
		out = append(out, s)
	}
	for _, w := range append([]string{"x"}, words...) {
		if w == "skip" {
			continue
		}
		durgen.Sleep(ctx, time.Second)
		out = append(out, w)
	}
	arr := [3]int{1, 2, 3}
	for i := range arr {
		durgen.Sleep(ctx, time.Second)
		arr[2] += i
	}
	out = append(out, fmt.Sprint(arr))
	for i, r := range "héllo" {
		if r == 'l' {
			break
		}
		s, _ := durgen.Await(ctx, Echo, fmt.Sprint(i, string(r)))
		out = append(out, s)
	}
	for n := range len(words) {
		durgen.Sleep(ctx, time.Minute)
		out = append(out, fmt.Sprint(n))
	}
	m := map[string]int{}
	for _, w := range words {
		m[w] = len(w)
	}
	total := 0
	var seen []string
	for k, v := range m {
		durgen.Sleep(ctx, time.Hour)
		seen = append(seen, k)
		total += v
		// Keys deleted before the loop reaches them are never visited.
		for other := range m {
			if other != k {
				delete(m, other)
			}
		}
	}
	sort.Strings(seen)
	out = append(out, fmt.Sprint(len(seen), total > 0))
	return strings.Join(out, " "), nil
}

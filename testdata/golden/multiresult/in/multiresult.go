// Package multiresult: functions with several results called between
// awaits, their results live across awaits; a result assigned from one
// call's results to two existing variables; and a workflow returning only
// an error.
package multiresult

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Upper is an activity; it fails for "".
func Upper(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Upper", s)
	if s == "" {
		return "", errors.New("empty")
	}
	return strings.ToUpper(s), nil
}

func split3(s string) (head, mid, tail string) {
	parts := strings.SplitN(s+"//", "/", 3)
	return parts[0], parts[1], parts[2]
}

func swap(a, b string) (string, string) { return b, a }

// Path upper-cases the parts of a path.
//
//durgen:workflow
func Path(ctx durgen.Context, p string) (string, error) {
	head, mid, tail := split3(p)
	h, err := durgen.Await(ctx, Upper, head)
	if err != nil {
		return "", err
	}
	mid, tail = swap(mid, tail)
	durgen.Sleep(ctx, time.Second)
	m, _ := durgen.Await(ctx, Upper, mid)
	return fmt.Sprint(h, "|", m, "|", tail), nil
}

// Check fails for paths without a head.
//
//durgen:workflow
func Check(ctx durgen.Context, p string) error {
	head, _, _ := split3(p)
	_, err := durgen.Await(ctx, Upper, head)
	return err
}

// Package switchexpr: an expression switch with awaits in its clauses:
// several values per case, a break out of the switch after an await, an
// empty case, and a default last.
package switchexpr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Ship is an activity; it fails for "mars", "lyon" and "de/bonn".
func Ship(ctx context.Context, to string) (int, error) {
	trace.Record(ctx, "Ship", to)
	if to == "mars" || to == "lyon" || to == "de/bonn" {
		return 0, errors.New("no route")
	}
	return len(to) * 10, nil
}

// Route ships by region.
//
//durgen:workflow
func Route(ctx durgen.Context, to string) (string, error) {
	cost := 0
	switch to {
	case "paris", "lyon":
		c, err := durgen.Await(ctx, Ship, to)
		if err != nil {
			return "", err
		}
		cost = c
	case "berlin", "bonn":
		durgen.Sleep(ctx, time.Hour)
		c, err := durgen.Await(ctx, Ship, "de/"+to)
		if err != nil {
			break
		}
		cost = c + 1
	case "home":
	case "mars", "moon":
		c, err := durgen.Await(ctx, Ship, to)
		if err != nil {
			return "", fmt.Errorf("space: %w", err)
		}
		cost = c * 1000
	default:
		durgen.Sleep(ctx, time.Minute)
		cost = -1
	}
	return fmt.Sprint(to, " ", cost), nil
}

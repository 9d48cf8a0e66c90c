// Package ifelse: awaits in then and else branches, an else-if chain, a
// branch that returns after awaiting, and a join after the if.
package ifelse

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// ErrDeclined is returned by Charge for amounts over the limit.
var ErrDeclined = errors.New("declined")

// Charge is an activity.
func Charge(ctx context.Context, cents int) (string, error) {
	trace.Record(ctx, "Charge", cents)
	if cents > 10000 {
		return "", ErrDeclined
	}
	return fmt.Sprintf("ch_%d", cents), nil
}

// Refund is an activity.
func Refund(ctx context.Context, id string) (bool, error) {
	trace.Record(ctx, "Refund", id)
	return true, nil
}

// Order routes an amount through different branches.
//
//durgen:workflow
func Order(ctx durgen.Context, cents int) (string, error) {
	var receipt string
	if cents <= 0 {
		return "nothing", nil
	} else if cents < 100 {
		id, err := durgen.Await(ctx, Charge, cents)
		if err != nil {
			return "", err
		}
		receipt = "small " + id
	} else if cents < 5000 {
		durgen.Sleep(ctx, time.Hour)
		receipt = "medium"
	} else {
		id, err := durgen.Await(ctx, Charge, cents)
		if err != nil {
			// Awaiting in an error branch, then returning.
			durgen.Await(ctx, Refund, "none")
			return "", fmt.Errorf("large order: %w", err)
		}
		receipt = "large " + id
	}
	note := fmt.Sprintf("[%d]", cents)
	if cents%2 == 0 {
		durgen.Sleep(ctx, time.Minute)
		note += " even"
	}
	ok, err := durgen.Await(ctx, Refund, receipt)
	if err != nil || !ok {
		return "", err
	}
	return receipt + note, nil
}

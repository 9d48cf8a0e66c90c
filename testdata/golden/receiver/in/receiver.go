// Package receiver: awaits inside method receivers: a method called on a
// conversion of an awaited value, on a composite literal holding a Sleep's
// error, on the result of a call taking an await, and a chain of methods
// whose argument awaits.
package receiver

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Price is an activity; it fails for negative items.
func Price(ctx context.Context, item int) (int, error) {
	trace.Record(ctx, "Price", item)
	if item < 0 {
		return 0, errors.New("unknown item")
	}
	return 100 + item, nil
}

// Money is an amount of cents.
type Money int

// String formats m as euros.
func (m Money) String() string { return fmt.Sprintf("EUR%d.%02d", m/100, m%100) }

type status struct{ err error }

func (s status) String() string {
	if s.err != nil {
		return "failed: " + s.err.Error()
	}
	return "ok"
}

type counter struct{ n int }

func (c counter) add(k int) counter { return counter{c.n*10 + k} }

type priced struct {
	cents int
	err   error
}

func wrap(cents int, err error) priced { return priced{cents, err} }

func (p priced) describe() string {
	if p.err != nil {
		return "no price (" + p.err.Error() + ")"
	}
	return Money(p.cents).String()
}

var errNote = errors.New("note")

func val(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// Quote prices an item through method calls on awaited values.
//
//durgen:workflow
func Quote(ctx durgen.Context, item int) (string, error) {
	a := status{durgen.Sleep(ctx, time.Minute)}.String()
	b := Money(val(durgen.Await(ctx, Price, item))).String()
	c := wrap(durgen.Await(ctx, Price, item-1)).describe()
	d := counter{item}.add(val(durgen.Await(ctx, Price, item+1)) % 10).add(item).n
	e := errors.Join(durgen.Sleep(ctx, time.Second), errNote).Error()
	return fmt.Sprintln(a, b, c, d, e), nil
}

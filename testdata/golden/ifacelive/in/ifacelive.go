// Package ifacelive: values of an interface marked //durgen:persist live
// across awaits: a local of the interface (nil across the first await,
// then a value type, a pointer type or a type that holds the interface
// itself), a slice and a map of it, and a struct with fields of it. After
// every resume each value keeps its dynamic type, which the package
// registers with durgen.RegisterType.
package ifacelive

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Method is how an order is paid.
//
//durgen:persist
type Method interface {
	Fee(amount int) int
	Name() string
}

// Card pays by card; it is a value type.
type Card struct {
	Number string `json:"number"`
	Rate   int    `json:"rate"`
}

func (c Card) Fee(amount int) int { return amount * c.Rate / 100 }
func (c Card) Name() string       { return "card-" + c.Number }

// Wire pays by bank transfer; it is a pointer type.
type Wire struct {
	IBAN string `json:"iban"`
	Flat int    `json:"flat"`
}

func (w *Wire) Fee(amount int) int { return w.Flat }
func (w *Wire) Name() string       { return "wire-" + w.IBAN }

// Split pays with several methods in equal parts: a Method made of Methods.
type Split struct {
	Parts []Method `json:"parts"`
}

func (s Split) Fee(amount int) int {
	fee := 0
	for _, p := range s.Parts {
		fee += p.Fee(amount / len(s.Parts))
	}
	return fee
}

func (s Split) Name() string {
	var names []string
	for _, p := range s.Parts {
		names = append(names, p.Name())
	}
	return "split(" + strings.Join(names, "+") + ")"
}

func init() { durgen.RegisterType[Method](Card{}, &Wire{}, Split{}) }

// Plan holds the methods to try, in order.
type Plan struct {
	Primary  Method `json:"primary"`
	Fallback Method `json:"fallback"`
}

// Order is the workflow's input.
type Order struct {
	Amount int
	Kind   string
}

// Lookup is an activity: the customer's card.
func Lookup(ctx context.Context, kind string) (Card, error) {
	trace.Record(ctx, "Lookup", kind)
	return Card{Number: "4242", Rate: 2}, nil
}

// Charge is an activity: it declines amounts above 1000 but by wire.
type Charge struct {
	Method string
	Amount int
	Fee    int
}

// Pay charges c.
func Pay(ctx context.Context, c Charge) (string, error) {
	trace.Record(ctx, "Pay", c)
	if c.Amount > 1000 && !strings.HasPrefix(c.Method, "wire") {
		return "", errors.New("declined")
	}
	return fmt.Sprintf("%s:%d+%d", c.Method, c.Amount, c.Fee), nil
}

// Checkout picks a payment method, waits, and tries the plan's methods in
// order until one pays.
//
//durgen:workflow
func Checkout(ctx durgen.Context, o Order) (string, error) {
	var m Method
	card, err := durgen.Await(ctx, Lookup, o.Kind)
	if err != nil {
		return "", err
	}
	wasNil := m == nil
	switch o.Kind {
	case "card":
		m = card
	case "wire":
		m = &Wire{IBAN: "DE89", Flat: 3}
	case "split":
		m = Split{Parts: []Method{card, &Wire{IBAN: "FR76", Flat: 1}}}
	}
	plan := Plan{Primary: m, Fallback: &Wire{IBAN: "NL91", Flat: 5}}
	tried := []Method{}
	byName := map[string]Method{}
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return "", err
	}
	receipt := ""
	order := []Method{plan.Primary, plan.Fallback}
	for i := 0; i < len(order) && receipt == ""; i++ {
		pm := order[i]
		if pm == nil {
			continue
		}
		tried = append(tried, pm)
		byName[pm.Name()] = pm
		r, err := durgen.Await(ctx, Pay, Charge{Method: pm.Name(), Amount: o.Amount, Fee: pm.Fee(o.Amount)})
		if err == nil {
			receipt = r
		}
	}
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return "", err
	}
	var types []string
	for _, t := range tried {
		types = append(types, fmt.Sprintf("%T", t))
	}
	var names []string
	for name, pm := range byName {
		names = append(names, fmt.Sprintf("%s=%T", name, pm))
	}
	sort.Strings(names)
	desc := "none"
	if m != nil {
		desc = fmt.Sprintf("%s, fee %d", m.Name(), m.Fee(o.Amount))
	}
	return fmt.Sprintf("nil before: %v; m: %T %s; plan: %T %T; tried: %s; by name: %s; receipt: %s",
		wasNil, m, desc, plan.Primary, plan.Fallback, strings.Join(types, ","), strings.Join(names, ","), receipt), nil
}

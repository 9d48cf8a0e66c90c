// Package seq: a straight sequence of awaits and sleeps, with the result of
// one feeding the next, a discarded result, and SleepUntil on durgen.Now.
package seq

import (
	"context"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Upper is an activity.
func Upper(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Upper", s)
	return strings.ToUpper(s), nil
}

// Greet is an activity with struct input and output.
func Greet(ctx context.Context, p Person) (Greeting, error) {
	trace.Record(ctx, "Greet", p)
	return Greeting{Text: "hello " + p.Name, Len: len(p.Name)}, nil
}

// Person is a workflow input.
type Person struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

// Greeting is an activity result.
type Greeting struct {
	Text string `json:"text"`
	Len  int    `json:"len"`
}

// Welcome upper-cases a name, sleeps, greets, notes it, and sleeps until a
// day after the start.
//
//durgen:workflow
func Welcome(ctx durgen.Context, p Person) (Greeting, error) {
	start := durgen.Now(ctx)
	name, err := durgen.Await(ctx, Upper, p.Name)
	if err != nil {
		return Greeting{}, err
	}
	durgen.Sleep(ctx, 30*time.Minute)
	g, err := durgen.Await(ctx, Greet, Person{Name: name, Age: p.Age})
	if err != nil {
		return Greeting{}, err
	}
	durgen.Await(ctx, Upper, g.Text)
	if err := durgen.SleepUntil(ctx, start.Add(24*time.Hour)); err != nil {
		return Greeting{}, err
	}
	g.Len += p.Age
	return g, nil
}

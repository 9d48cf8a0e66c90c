package signature

import (
	"context"
	"net/http"

	"github.com/durgen/durgen"
)

type Order struct{ ID string }

type Receipt struct{ ID string }

//durgen:workflow
func NoContext(o Order) (Receipt, error) { // want `workflow NoContext must take a durgen\.Context as its first parameter: write func\(ctx durgen\.Context, in I\) \(O, error\) or func\(ctx durgen\.Context, in I\) error`
	return Receipt{}, nil
}

//durgen:workflow
func StdContext(ctx context.Context, o Order) (Receipt, error) { // want `workflow StdContext must take a durgen\.Context as its first parameter`
	return Receipt{}, nil
}

//durgen:workflow
func TwoInputs(ctx durgen.Context, o Order, retries int) (Receipt, error) { // want `workflow TwoInputs takes 2 inputs after its durgen\.Context, and a workflow takes exactly one: put several values in a struct, and use struct\{\} for none`
	return Receipt{}, nil
}

//durgen:workflow
func NoInput(ctx durgen.Context) error { // want `workflow NoInput takes 0 inputs after its durgen\.Context`
	return nil
}

//durgen:workflow
func NoError(ctx durgen.Context, o Order) Receipt { // want `workflow NoError must return an error as its last result`
	return Receipt{}
}

//durgen:workflow
func ErrorFirst(ctx durgen.Context, o Order) (error, Receipt) { // want `workflow ErrorFirst must return an error as its last result`
	return nil, Receipt{}
}

//durgen:workflow
func TwoOutputs(ctx durgen.Context, o Order) (Receipt, int, error) { // want `workflow TwoOutputs returns 2 values before its error, and a workflow returns one: put several outputs in a struct`
	return Receipt{}, 0, nil
}

//durgen:workflow
func HandleInput(ctx durgen.Context, c *http.Client) error { // want `the input of workflow HandleInput \(\*http\.Client\) cannot be persisted: it is an HTTP client; open it inside an activity or inject it through the activity receiver`
	return nil
}

//durgen:workflow
func FuncOutput(ctx durgen.Context, o Order) (func() int, error) { // want `the output of workflow FuncOutput \(func\(\) int\) cannot be persisted: it is a func value; a workflow.s input and output are stored; return plain data instead`
	return nil, nil
}

//durgen:workflow
func Generic[T any](ctx durgen.Context, in T) (T, error) { // want `workflow Generic is generic, which durgen does not support: its frame and registration need concrete types; write one workflow per type \(it may call a generic function between awaits\)`
	return in, nil
}

// Not flagged below.

//durgen:workflow
func Full(ctx durgen.Context, o Order) (Receipt, error) { return Receipt{ID: o.ID}, nil }

//durgen:workflow
func ErrorOnly(ctx durgen.Context, o Order) error { return nil }

//durgen:workflow
func UnnamedAndEmpty(_ durgen.Context, _ struct{}) (struct{}, error) { return struct{}{}, nil }

type Service struct{ Client *http.Client }

//durgen:workflow
func (s *Service) Method(ctx durgen.Context, ids []string) (map[string]int, error) { return nil, nil }

// helper is not marked: its signature is none of this check's business.
func helper(o Order) Receipt { return Receipt{} }

// Package typeswitch: a type switch with awaits in its clauses: single-type
// clauses whose typed variable is live across an await, a clause of two
// types and default (the variable there is an interface, used before the
// await only), and case nil.
package typeswitch

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Note is an activity.
func Note(ctx context.Context, s string) (int, error) {
	trace.Record(ctx, "Note", s)
	return len(s), nil
}

// Input is the workflow input: Kind says which field to use.
type Input struct {
	Kind string `json:"kind"`
	N    int    `json:"n"`
	S    string `json:"s"`
	L    []int  `json:"l"`
}

func box(in Input) any {
	switch in.Kind {
	case "int":
		return in.N
	case "str":
		return in.S
	case "list":
		return in.L
	case "float":
		return float64(in.N) / 2
	case "nil":
		return nil
	}
	return in
}

// Describe describes a value by its dynamic type.
//
//durgen:workflow
func Describe(ctx durgen.Context, in Input) (string, error) {
	var out string
	switch v := box(in).(type) {
	case int:
		n, _ := durgen.Await(ctx, Note, "int")
		out = fmt.Sprint("int ", v*n)
	case string:
		durgen.Sleep(ctx, time.Minute)
		out = "string " + v + v
	case []int, float64:
		out = fmt.Sprint("number-ish ", v)
		n, _ := durgen.Await(ctx, Note, out)
		out += fmt.Sprint(" ", n)
	case nil:
		durgen.Sleep(ctx, time.Second)
		out = "nil"
	default:
		out = fmt.Sprintf("%T", v)
		durgen.Await(ctx, Note, out)
	}
	return out, nil
}

package machine

import (
	"fmt"

	"github.com/durgen/durgen"
)

// Child suspends the workflow on a child instance of the workflow w,
// registered as name, with input in: the generated form of a direct call of
// another workflow. The step resumed reads the child's result with Result.
func Child[I, O any](ctx durgen.Context, name string, w func(durgen.Context, I) (O, error), in I) Command {
	data, err := EncodeValue(in)
	if err != nil {
		return Command{Kind: KindReturn, Err: fmt.Errorf("durgen: encode input of child workflow %s: %w", name, err)}
	}
	return Command{Kind: KindChild, Name: name, Input: data, NoCancel: durgen.IgnoresCancel(ctx)}
}

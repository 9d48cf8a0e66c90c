package awaits

import (
	"context"
	"testing"

	"github.com/durgen/durgen"
)

// fakeFlow is a test helper run in direct mode: not reported.
func fakeFlow(ctx durgen.Context, n int) (int, error) { return durgen.Await(ctx, act, n) }

func TestFake(t *testing.T) {
	if _, err := fakeFlow(durgen.Direct(context.Background()), 1); err != nil {
		t.Fatal(err)
	}
}

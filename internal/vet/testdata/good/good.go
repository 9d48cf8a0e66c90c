// Package good holds a workflow durgen vet accepts.
package good

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

type Order struct{ ID string }

func charge(ctx context.Context, o Order) (string, error) { return o.ID, nil }

//durgen:workflow
func Pay(ctx durgen.Context, o Order) (string, error) {
	start := durgen.Now(ctx)
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return "", err
	}
	id, err := durgen.Await(ctx, charge, o)
	_ = durgen.Now(ctx).Sub(start)
	return id, err
}

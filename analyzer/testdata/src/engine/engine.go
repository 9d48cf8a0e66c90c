package engine

import (
	"context"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

type Order struct{ ID string }

var eng = &runtime.Engine{}

func act(ctx context.Context, o Order) (string, error) { return o.ID, nil }

// startChild is an activity: it may use the engine.
func startChild(ctx context.Context, o Order) (struct{}, error) {
	return struct{}{}, eng.Start(ctx, "Child", o.ID, o)
}

//durgen:workflow
func StartsDirectly(ctx durgen.Context, o Order) (string, error) {
	if err := eng.Start(context.Background(), "Child", o.ID, o); err != nil { // want `runtime\.Engine\.Start calls the durgen engine from workflow code, which runs again on every resume and is not part of the checkpoint; start child workflows by calling them or with durgen\.Spawn, and do store work inside an activity`
		return "", err
	}
	inst, err := eng.Store.InstanceGet(context.Background(), o.ID) // want `runtime\.Store\.InstanceGet calls the durgen engine`
	if err != nil {
		return "", err
	}
	return inst.ID, nil
}

//durgen:workflow
func Internals(ctx durgen.Context, o Order) (string, error) {
	_ = machine.Sleep(ctx, time.Second)      // want `machine\.Sleep calls the durgen engine`
	st := ctx.State()                        // want `Context\.State reaches into the engine's state, which workflow code must not use`
	d := durgen.Direct(context.Background()) // want `durgen\.Direct in workflow code runs awaits inline, outside the checkpoint; pass the workflow's ctx instead`
	_ = st
	return durgen.Await(d, act, o)
}

// Not flagged below.

//durgen:workflow
func ViaActivity(ctx durgen.Context, o Order) (string, error) {
	if _, err := durgen.Await(ctx, startChild, o); err != nil {
		return "", err
	}
	f := durgen.Spawn(ctx, Child, o)
	return f.Get(ctx)
}

//durgen:workflow
func Child(ctx durgen.Context, o Order) (string, error) { return o.ID, nil }

// Start is not a workflow: it may use the engine.
func Start(o Order) error { return eng.Start(context.Background(), "Child", o.ID, o) }

//durgen:workflow
func ActivityLiteral(ctx durgen.Context, o Order) (struct{}, error) {
	return durgen.Await(ctx, func(ctx context.Context, o Order) (struct{}, error) {
		return struct{}{}, eng.Start(ctx, "Child", o.ID, o)
	}, o)
}

// Package runtime is a stub of the durgen engine for the analyzer's tests.
package runtime

import "context"

type Instance struct{ ID string }

type Store interface {
	InstanceGet(ctx context.Context, id string) (*Instance, error)
}

type Engine struct{ Store Store }

func (e *Engine) Start(ctx context.Context, workflow, id string, in any) error { return nil }

package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

// upload sends n chunks; its first attempt heartbeats after chunk 3 and
// fails, the second resumes from the saved progress and reports where it
// started.
func upload(ctx context.Context, n int) (int, error) {
	info := durgen.Info(ctx)
	record(ctx, "upload", n)
	from := 0
	if info.Heartbeat != nil {
		var d []int
		if err := json.Unmarshal(info.Heartbeat, &d); err != nil || len(d) != 1 {
			return 0, errors.New("bad heartbeat details " + string(info.Heartbeat))
		}
		from = d[0]
	}
	if info.Attempt == 1 {
		durgen.Heartbeat(ctx, 3)
		return 0, errors.New("connection reset")
	}
	return from*100 + n, nil
}

func uploading(ctx durgen.Context, n int) (int, error) {
	return durgen.Await(ctx, upload, n, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 3, InitialInterval: time.Minute}))
}

type uploadingFrame struct {
	machine.Label
	N int `json:"n"`
}

func (f *uploadingFrame) Step(ctx durgen.Context) machine.Command {
	switch f.PC {
	case 0:
		f.PC = 1
		return machine.Call(ctx, pkg+".upload", upload, f.N, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 3, InitialInterval: time.Minute}))
	default:
		return machine.Return(machine.Result[int](ctx))
	}
}

func init() {
	machine.Register(machine.Define(pkg+".uploading", uploading, "shape-uploading-1",
		func(n int) *uploadingFrame { return &uploadingFrame{N: n} },
		machine.NewActivity(pkg+".upload", upload)))
}

func TestHeartbeatDetails(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	id := uniq("upload")
	runtime.Start(ctx, e, id, uploading, 7)
	got, err := runtime.Result[int](ctx, e, id)
	if err != nil || got != 307 {
		t.Fatalf("result %d, %v; want 307 (resumed from chunk 3)", got, err)
	}
	steps, _ := e.Store().StepList(ctx, id)
	if string(steps[1].Heartbeat) != "[3]" {
		t.Fatalf("saved heartbeat %s", steps[1].Heartbeat)
	}
}

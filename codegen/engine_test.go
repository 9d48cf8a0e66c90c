package codegen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestGoldenEngine runs every golden workflow that generates on the real
// runtime with a SQLite file, in direct mode and as the state machine, and
// demands the same result and the same activity calls. The engine is thrown
// away and the store reopened after every committed checkpoint (all memory
// dropped, the frame reloaded from SQLite at every label), and in a second
// pass (on the first two inputs of each workflow) the worker is also killed
// right after each activity returns, before its checkpoint commits, so that
// the segment runs again from the last checkpoint with the same idempotency
// key.
func TestGoldenEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: not in -short mode")
	}
	setEnv(t)
	m := newRunModule(t, "engine")
	m.main = engineHarness
	for _, c := range goldenCases(t) {
		files, diags := generateCase(t, c)
		if diags != "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(c.dir, "in", "inputs.json"))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		inputs := map[string][]string{}
		if err := json.Unmarshal(data, &inputs); err != nil {
			t.Fatalf("%s/in/inputs.json: %v", c.name, err)
		}
		srcs, _ := filepath.Glob(filepath.Join(c.dir, "in", "*.go"))
		for _, s := range srcs {
			data, _ := os.ReadFile(s)
			files[filepath.Base(s)] = data
		}
		m.addFiles("cases/"+c.name, files)
		var names []string
		for name := range inputs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			m.addRuns("github.com/durgen/durgen/testdata/golden/"+c.name+"/in."+name, inputs[name])
		}
	}
	r := m.run(6 * time.Minute)
	if r.Err != nil {
		t.Fatalf("%v\n%s", r.Err, lastLines(r.Output, 40))
	}
	var names []string
	for name := range r.Fails {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Errorf("%s", strings.Join(r.Fails[name], "\n"))
	}
	if r.Ok == 0 {
		t.Fatalf("no workflow ran:\n%s", r.Output)
	}
	t.Logf("%d runs agreed with direct mode", r.Ok)
}

// engineHarness is the main package of TestGoldenEngine's module.
const engineHarness = `package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"sort"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
	"github.com/durgen/durgen/testdata/golden/trace"

	// IMPORTS
)

var runs = []struct {
	workflow string
	inputs   []string
}{
	// RUNS
}

func main() {
	failed := false
	for _, r := range runs {
		w, ok := machine.Lookup(r.workflow)
		if !ok {
			fmt.Printf("FAIL %s: not registered\n", r.workflow)
			failed = true
			continue
		}
		for i, in := range r.inputs {
			direct := runDirect(w, in)
			modes := []bool{false, true}
			if i >= 2 {
				// Crashing after every activity waits out a lease at each
				// step: the first two inputs of each workflow get it.
				modes = modes[:1]
			}
			for _, crash := range modes {
				got := runEngine(w, in, crash)
				if got != direct {
					fmt.Printf("FAIL %s(%s) crash=%v\n direct: %s\n engine: %s\n", r.workflow, in, crash, direct, got)
					failed = true
				}
			}
			fmt.Printf("ok %s(%s)\n", r.workflow[strings.LastIndex(r.workflow, "/")+1:], in)
		}
	}
	if failed {
		os.Exit(1)
	}
}

func runDirect(w *machine.Workflow, in string) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("panic: %v", r)
		}
	}()
	fn := reflect.ValueOf(w.Func)
	if w.Recv != nil {
		// A method: call it on the receiver the steps get.
		r, ok := machine.BoundReceiver(w)
		if !ok {
			return "no receiver bound for " + w.Name
		}
		fn = reflect.ValueOf(r).MethodByName(w.Method)
	}
	arg := reflect.New(fn.Type().In(1))
	if err := json.Unmarshal([]byte(in), arg.Interface()); err != nil {
		return "bad input: " + err.Error()
	}
	trace.Take()
	outs := fn.Call([]reflect.Value{reflect.ValueOf(durgen.Direct(context.Background())), arg.Elem()})
	var out []byte
	if len(outs) == 2 {
		out, _ = json.Marshal(outs[0].Interface())
	} else {
		out = []byte("{}")
	}
	errv, _ := outs[len(outs)-1].Interface().(error)
	return describe(out, errv, dedupe(trace.Take()))
}

// runEngine runs the workflow on a SQLite file, restarting the engine after
// every commit; with crash, each step is also interrupted once right after
// its activity returns, before the commit.
func runEngine(w *machine.Workflow, in string, crash bool) string {
	dir, err := os.MkdirTemp("", "durgen-engine")
	if err != nil {
		return err.Error()
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "durgen.db")
	clock := runtime.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true)
	trace.Take()
	crashed := map[string]bool{}
	for round := 0; round < 5000; round++ {
		// The process does not die here, so commits need not wait for the
		// disk.
		store, err := sqlite.Open(path, sqlite.Options{Synchronous: "OFF"})
		if err != nil {
			return "open: " + err.Error()
		}
		ctx, cancel := context.WithCancel(context.Background())
		stop := make(chan struct{}, 1)
		e := runtime.New(store, runtime.Options{
			Clock: clock, Poll: time.Millisecond, Lease: 20 * time.Millisecond, ShutdownGrace: time.Millisecond,
			Concurrency: 1,
			OnEvent: func(ev runtime.Event) {
				switch ev.Kind {
				case runtime.EventCheckpointCommitted:
					select {
					case stop <- struct{}{}:
					default:
					}
				case runtime.EventActivityReturned:
					if crash && !crashed[fmt.Sprint(ev.Step)] {
						crashed[fmt.Sprint(ev.Step)] = true
						select {
						case stop <- struct{}{}:
						default:
						}
						// The attempt dies here, its result never
						// committed; its lease runs out and another
						// worker runs the step again.
						goruntime.Goexit()
					}
				}
			},
		})
		if round == 0 {
			if _, err := e.StartName(ctx, "golden", w.Name, json.RawMessage(in)); err != nil {
				cancel()
				store.Close()
				return "start: " + err.Error()
			}
		}
		done := make(chan error, 1)
		go func() { done <- e.Run(ctx) }()
		var inst *runtime.Instance
		for {
			inst, err = e.Get(context.Background(), "golden")
			if err != nil {
				cancel()
				<-done
				store.Close()
				return "get: " + err.Error()
			}
			if inst.Status != runtime.StatusRunning {
				break
			}
			select {
			case <-stop:
			case <-time.After(time.Millisecond):
				continue
			}
			break
		}
		cancel()
		<-done
		store.Close()
		if inst.Status == runtime.StatusRunning {
			continue
		}
		if inst.Status != runtime.StatusCompleted && inst.Status != runtime.StatusFailed {
			return "status " + string(inst.Status)
		}
		var errv error
		if len(inst.Error) > 0 && string(inst.Error) != "null" {
			errv, _ = machine.DecodeError(inst.Error)
		}
		return describe(canonical(w, inst.Output), errv, dedupe(trace.Take()))
	}
	return "no outcome after 5000 restarts"
}

// dedupe returns the distinct activity calls, sorted. The engine runs an
// activity at least once (again after a crash before its commit), and
// activities started with durgen.Go run in an order of their own; the strict
// order of awaited calls is TestGoldenRun's to check.
func dedupe(calls []string) []string {
	sort.Strings(calls)
	var out []string
	for _, c := range calls {
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return out
}

// canonical decodes a stored workflow output and encodes it again with
// encoding/json, as direct mode's output is shown: a value stored as gob
// (JSON could not hold it) compares with the same value.
func canonical(w *machine.Workflow, data []byte) []byte {
	t := reflect.TypeOf(w.Func)
	if t.NumOut() != 2 || len(data) == 0 {
		return data
	}
	v := reflect.New(t.Out(0))
	if err := machine.DecodeValue(data, v.Interface()); err != nil {
		return []byte("undecodable output: " + err.Error())
	}
	out, _ := json.Marshal(v.Elem().Interface())
	return out
}

func describe(out []byte, err error, calls []string) string {
	msg := "<nil>"
	if err != nil {
		msg = err.Error()
		out = nil
	}
	return fmt.Sprintf("result=%s err=%s calls=%s", out, msg, strings.Join(calls, " "))
}
`

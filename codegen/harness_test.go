package codegen

// This file defines the differential harness that TestGoldenRun, the random
// program tests and FuzzTransform share: a temporary module holding packages
// of workflows with their generated files, built once with a main package
// that runs every workflow in direct mode and as its state machine
// restarted from the stored checkpoint at every label (and resumed twice
// from each checkpoint), and reports each run whose result or activity
// calls differ.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runModule is a temporary module of workflow packages and the harness.
type runModule struct {
	t       *testing.T
	dir     string
	name    string // the module path
	imports []string
	runs    []string
	// main replaces the harness's main package (see engineHarness).
	main string
}

// newRunModule makes an empty module called name in a temporary folder; it
// requires this repository's module through a replace directive.
func newRunModule(t *testing.T, name string) *runModule {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	m := &runModule{t: t, dir: t.TempDir(), name: name}
	gomod := fmt.Sprintf("module %s\n\ngo 1.26\n\nrequire github.com/durgen/durgen v0.0.0\n\nreplace github.com/durgen/durgen => %s\n", name, root)
	writeFile(t, filepath.Join(m.dir, "go.mod"), []byte(gomod))
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	writeFile(t, filepath.Join(m.dir, "go.sum"), sum)
	return m
}

// addFiles writes files (by base name) into the folder rel of the module
// and has the harness import the package there.
func (m *runModule) addFiles(rel string, files map[string][]byte) {
	m.t.Helper()
	dst := filepath.Join(m.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(dst, 0o777); err != nil {
		m.t.Fatal(err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		writeFile(m.t, filepath.Join(dst, name), files[name])
	}
	m.imports = append(m.imports, fmt.Sprintf("_ %q", m.name+"/"+rel))
}

// addRuns has the harness run the workflow registered as name on each
// input (JSON).
func (m *runModule) addRuns(name string, inputs []string) {
	m.runs = append(m.runs, fmt.Sprintf("{%q, %#v},", name, inputs))
}

// drop takes the package in folder rel and its runs out of the harness.
func (m *runModule) drop(rel string) {
	path := m.name + "/" + rel
	var imports, runs []string
	for _, imp := range m.imports {
		if imp != fmt.Sprintf("_ %q", path) {
			imports = append(imports, imp)
		}
	}
	for _, r := range m.runs {
		if !strings.HasPrefix(r, `{"`+path+`.`) {
			runs = append(runs, r)
		}
	}
	m.imports, m.runs = imports, runs
}

// setEnv makes go commands run by this process (go/packages in Load) work
// in a temporary module: its go.mod lists only this repository.
func setEnv(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOWORK", "off")
}

// runReport is what a harness run found.
type runReport struct {
	// Output is the harness's output (or the go command's on a build
	// failure).
	Output string
	// Fails holds the FAIL reports by workflow name.
	Fails map[string][]string
	// Ok counts the runs that agreed.
	Ok int
	// Err is set if the module did not build or the harness did not finish.
	Err error
	// BuildTimedOut is set if the build took longer than it was given.
	BuildTimedOut bool
}

// run builds the module and runs the harness, for at most timeout.
func (m *runModule) run(timeout time.Duration) *runReport {
	return m.runWithin(timeout, func() time.Duration { return timeout })
}

// runWithin builds the module, for at most buildTimeout, and runs the
// harness, for at most what runTimeout returns once the build is done. A
// build that does not finish in time sets BuildTimedOut.
func (m *runModule) runWithin(buildTimeout time.Duration, runTimeout func() time.Duration) *runReport {
	tmpl := harness
	if m.main != "" {
		tmpl = m.main
	}
	main := strings.Replace(tmpl, "// IMPORTS", strings.Join(m.imports, "\n"), 1)
	main = strings.Replace(main, "// RUNS", strings.Join(m.runs, "\n"), 1)
	writeFile(m.t, filepath.Join(m.dir, "main.go"), []byte(main))

	r := &runReport{Fails: map[string][]string{}}
	bctx, bcancel := context.WithTimeout(context.Background(), buildTimeout)
	defer bcancel()
	build := exec.CommandContext(bctx, "go", "build", "-o", "harness.exe", ".")
	build.Dir = m.dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	// On a timeout, stop the compiler and linker the go command runs too,
	// and do not wait for their output.
	build.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	build.Cancel = func() error { return syscall.Kill(-build.Process.Pid, syscall.SIGKILL) }
	build.WaitDelay = 100 * time.Millisecond
	if out, err := build.CombinedOutput(); err != nil {
		if bctx.Err() != nil {
			r.BuildTimedOut = true
		}
		r.Output, r.Err = string(out), fmt.Errorf("build: %v", err)
		return r
	}
	timeout := runTimeout()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(m.dir, "harness.exe"))
	cmd.Dir = m.dir
	cmd.WaitDelay = 100 * time.Millisecond
	out, err := cmd.CombinedOutput()
	r.Output = string(out)
	sc := bufio.NewScanner(strings.NewReader(r.Output))
	sc.Buffer(nil, 1<<24)
	var cur string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "FAIL "):
			name := strings.TrimPrefix(line, "FAIL ")
			if i := strings.IndexAny(name, "(:"); i >= 0 {
				name = name[:i]
			}
			cur = name
			r.Fails[cur] = append(r.Fails[cur], line)
		case strings.HasPrefix(line, " ") && cur != "":
			fails := r.Fails[cur]
			fails[len(fails)-1] += "\n" + line
		case strings.HasPrefix(line, "ok "):
			r.Ok++
			cur = ""
		default:
			cur = ""
		}
	}
	if ctx.Err() != nil {
		r.Err = fmt.Errorf("harness did not finish in %v (a run that never returns?); last lines:\n%s", timeout, lastLines(r.Output, 3))
	} else if err != nil && len(r.Fails) == 0 {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			r.Err = fmt.Errorf("harness: %v", err)
		}
	}
	return r
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// harness is the main package of the temporary module.
const harness = `package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
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
		for _, in := range r.inputs {
			direct := safe(func() string { return runDirect(w, in) })
			ok := true
			for _, twice := range []bool{false, true} {
				got := safe(func() string { return runMachine(w, in, twice) })
				if got != direct {
					fmt.Printf("FAIL %s(%s) twice=%v\n direct:  %s\n machine: %s\n", r.workflow, in, twice, direct, got)
					failed, ok = true, false
				}
			}
			if ok {
				fmt.Printf("ok %s(%s) = %s\n", r.workflow[strings.LastIndex(r.workflow, "/")+1:], in, direct)
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

// safe runs f, turning a panic into its result.
func safe(f func() string) (s string) {
	trace.Take() // drop the calls of a run that ended early
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("panic: %v calls=%s", r, strings.Join(trace.Take(), " "))
		}
	}()
	return f()
}

// runDirect calls the workflow function as plain Go.
func runDirect(w *machine.Workflow, in string) string {
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
	outs := fn.Call([]reflect.Value{reflect.ValueOf(durgen.Direct(context.Background())), arg.Elem()})
	var out []byte
	if len(outs) == 2 {
		out, _ = json.Marshal(outs[0].Interface())
	} else {
		out = []byte("{}")
	}
	errv, _ := outs[len(outs)-1].Interface().(error)
	return describe(out, errv, trace.Take())
}

// runMachine drives the generated state machine, restarting it from its
// stored checkpoint at every label; with twice, each checkpoint is resumed
// twice and the two commands must agree.
func runMachine(w *machine.Workflow, in string, twice bool) string {
	f, err := w.Start([]byte(in))
	if err != nil {
		return "start: " + err.Error()
	}
	checkpoint, err := machine.EncodeFrame(f)
	if err != nil {
		return "encode: " + err.Error()
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var o machine.Outcome
	var calls []string // the calls recorded before this step
	for step := 1; step < 10000; step++ {
		o.Instance, o.Now = "golden", now
		calls = append(calls, trace.Take()...)
		cmd, next, err := w.Resume(checkpoint, o)
		if err != nil {
			// A panic of the workflow's code is reported as a step
			// error: describe it as safe describes a panic in direct
			// mode.
			msg := err.Error()
			if i := strings.Index(msg, " panicked at label "); i >= 0 {
				if j := strings.Index(msg[i:], ": "); j >= 0 {
					msg = msg[i+j+2:]
					if k := strings.Index(msg, "\n"); k >= 0 {
						msg = msg[:k] // the stack
					}
					return fmt.Sprintf("panic: %s calls=%s", msg, strings.Join(append(calls, trace.Take()...), " "))
				}
			}
			return "step: " + msg
		}
		if twice {
			// Workflow code that the step ran (a deferred function, say)
			// runs again, as after a crash before the commit: it must do
			// the same, and the calls are counted once.
			first := trace.Take()
			cmd2, next2, err := w.Resume(checkpoint, o)
			again := trace.Take()
			if err != nil || !sameFrame(w, next2, next) || fmt.Sprint(cmd2) != fmt.Sprint(cmd) || fmt.Sprint(again) != fmt.Sprint(first) {
				return fmt.Sprintf("resuming checkpoint %s twice gave %v %s %v and %v %s %v (%v)", checkpoint, cmd, next, first, cmd2, next2, again, err)
			}
			calls = append(calls, first...)
		}
		checkpoint = next
		o = machine.Outcome{}
		switch cmd.Kind {
		case machine.KindReturn:
			return describe(canonical(w, cmd.Output), cmd.Err, append(calls, trace.Take()...))
		case machine.KindSleep:
			if cmd.Until.After(now) {
				now = cmd.Until
			}
		case machine.KindCall:
			a, ok := machine.LookupActivity(cmd.Name)
			if !ok {
				return "activity not registered: " + cmd.Name
			}
			ctx := durgen.WithActivityInfo(context.Background(), durgen.ActivityInfo{
				InstanceID: "golden", Step: step, Attempt: 1, IdempotencyKey: fmt.Sprintf("golden/%d", step)})
			res, err := a.Call(ctx, cmd.Input)
			o.Result = res
			if err != nil {
				// The error crosses a checkpoint: keep what the store keeps.
				o.Err, _ = machine.DecodeError(machine.EncodeError(err))
			}
		}
	}
	return "no return after 10000 steps"
}

// sameFrame reports whether two checkpoints hold the same frame. They may
// differ as bytes where a field is stored as gob, which writes maps in no
// fixed order.
func sameFrame(w *machine.Workflow, a, b []byte) bool {
	if string(a) == string(b) {
		return true
	}
	fa, fb := w.New(), w.New()
	if machine.DecodeFrame(a, fa) != nil || machine.DecodeFrame(b, fb) != nil {
		return false
	}
	return equalValues(reflect.ValueOf(fa), reflect.ValueOf(fb))
}

// equalValues is reflect.DeepEqual with NaN equal to NaN.
func equalValues(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || x != x && y != y
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalValues(a.Elem(), b.Elem())
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			if !equalValues(a.MapIndex(k), b.MapIndex(k)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !equalValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	if a.CanInterface() && b.CanInterface() {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
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

package codegen

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCase is one folder of testdata/golden: in/ holds a package with
// workflows (and inputs.json, the inputs to run each with); want/ holds the
// generated files, or diagnostics.txt if the generator refuses the package.
type goldenCase struct {
	name string
	dir  string // absolute path of the case folder
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(moduleRoot(t), "testdata", "golden", "*", "in"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, d := range dirs {
		dir := filepath.Dir(d)
		cases = append(cases, goldenCase{name: filepath.Base(dir), dir: dir})
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases found")
	}
	return cases
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// generateCase runs the generator on a case and returns the files it writes
// (by base name) or its diagnostics, with paths relative to the case folder.
func generateCase(t *testing.T, c goldenCase) (map[string][]byte, string) {
	t.Helper()
	pkgs, err := Load(filepath.Join(c.dir, "in"), ".")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(pkgs)
	if err != nil {
		diags, ok := err.(Diagnostics)
		if !ok {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, d := range diags {
			rel, _ := filepath.Rel(c.dir, d.Pos.Filename)
			fmt.Fprintf(&b, "%s:%d:%d: %s\n", filepath.ToSlash(rel), d.Pos.Line, d.Pos.Column, d.Message)
		}
		return nil, b.String()
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[filepath.Base(f.Path)] = f.Source
	}
	return out, ""
}

// TestGolden compares the generator's output for every case with want/, and
// checks that a second run gives the same bytes.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			files, diags := generateCase(t, c)
			again, diags2 := generateCase(t, c)
			if diags != diags2 {
				t.Errorf("diagnostics differ between two runs:\n%s\n---\n%s", diags, diags2)
			}
			for name, src := range files {
				if !bytes.Equal(src, again[name]) {
					t.Errorf("%s differs between two runs", name)
				}
				if !bytes.HasPrefix(src, []byte(Header+"\n")) {
					t.Errorf("%s does not start with %q", name, Header)
				}
			}
			want := filepath.Join(c.dir, "want")
			if *update {
				os.RemoveAll(want)
				if err := os.MkdirAll(want, 0o777); err != nil {
					t.Fatal(err)
				}
				for name, src := range files {
					writeFile(t, filepath.Join(want, name), src)
				}
				if diags != "" {
					writeFile(t, filepath.Join(want, "diagnostics.txt"), []byte(diags))
				}
				return
			}
			wantFiles, _ := filepath.Glob(filepath.Join(want, "*"))
			if len(wantFiles) == 0 {
				t.Fatalf("no want/ files; run go test ./codegen -update and review them")
			}
			for _, wf := range wantFiles {
				name := filepath.Base(wf)
				wantSrc, _ := os.ReadFile(wf)
				got := files[name]
				if name == "diagnostics.txt" {
					got = []byte(diags)
				}
				if !bytes.Equal(got, wantSrc) {
					t.Errorf("%s differs from want/%s (run go test ./codegen -update and review the diff):\n%s", name, name, lineDiff(string(wantSrc), string(got)))
				}
			}
			for name := range files {
				if _, err := os.Stat(filepath.Join(want, name)); err != nil {
					t.Errorf("generated %s has no want/%s", name, name)
				}
			}
			if diags != "" {
				if _, err := os.Stat(filepath.Join(want, "diagnostics.txt")); err != nil {
					t.Errorf("unexpected diagnostics:\n%s", diags)
				}
			}
		})
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, wl, gl)
		}
	}
	return ""
}

// TestGoldenRun builds every case that generates, with its generated file,
// in a temporary module, and runs each workflow on the inputs of its
// inputs.json twice: as the original function in direct mode, and as the
// generated state machine restarted from its stored checkpoint at every
// label (and, in a second pass, resumed twice from every checkpoint). The
// results and the activity calls must be the same.
func TestGoldenRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: not in -short mode")
	}
	root := moduleRoot(t)
	tmp := t.TempDir()
	var imports, runs []string
	for _, c := range goldenCases(t) {
		files, diags := generateCase(t, c)
		if diags != "" {
			continue
		}
		inputs := map[string][]string{}
		data, err := os.ReadFile(filepath.Join(c.dir, "in", "inputs.json"))
		if err != nil {
			t.Fatalf("%s: %v (every generating case needs inputs to run with)", c.name, err)
		}
		if err := json.Unmarshal(data, &inputs); err != nil {
			t.Fatalf("%s/in/inputs.json: %v", c.name, err)
		}
		dst := filepath.Join(tmp, "cases", c.name)
		if err := os.MkdirAll(dst, 0o777); err != nil {
			t.Fatal(err)
		}
		srcs, _ := filepath.Glob(filepath.Join(c.dir, "in", "*.go"))
		for _, s := range srcs {
			data, _ := os.ReadFile(s)
			writeFile(t, filepath.Join(dst, filepath.Base(s)), data)
		}
		for name, src := range files {
			writeFile(t, filepath.Join(dst, name), src)
		}
		imports = append(imports, fmt.Sprintf("_ %q", "golden/cases/"+c.name))
		pkgPath := "github.com/durgen/durgen/testdata/golden/" + c.name + "/in"
		var names []string
		for name := range inputs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			runs = append(runs, fmt.Sprintf("{%q, %#v},", pkgPath+"."+name, inputs[name]))
		}
	}
	main := strings.Replace(harness, "// IMPORTS", strings.Join(imports, "\n"), 1)
	main = strings.Replace(main, "// RUNS", strings.Join(runs, "\n"), 1)
	writeFile(t, filepath.Join(tmp, "main.go"), []byte(main))
	gomod := fmt.Sprintf("module golden\n\ngo 1.26\n\nrequire github.com/durgen/durgen v0.0.0\n\nreplace github.com/durgen/durgen => %s\n", root)
	writeFile(t, filepath.Join(tmp, "go.mod"), []byte(gomod))
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	writeFile(t, filepath.Join(tmp, "go.sum"), sum)

	cmd := exec.Command("go", "run", ".")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("harness failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	if !strings.Contains(string(out), "ok ") {
		t.Fatalf("harness ran no workflow:\n%s", out)
	}
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
			direct := runDirect(w, in)
			for _, twice := range []bool{false, true} {
				got := runMachine(w, in, twice)
				if got != direct {
					fmt.Printf("FAIL %s(%s) twice=%v\n direct:  %s\n machine: %s\n", r.workflow, in, twice, direct, got)
					failed = true
				}
			}
			fmt.Printf("ok %s(%s) = %s\n", r.workflow[strings.LastIndex(r.workflow, "/")+1:], in, direct)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// runDirect calls the workflow function as plain Go.
func runDirect(w *machine.Workflow, in string) string {
	fn := reflect.ValueOf(w.Func)
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
	for step := 1; step < 10000; step++ {
		o.Instance, o.Now = "golden", now
		cmd, next, err := w.Resume(checkpoint, o)
		if err != nil {
			return "step: " + err.Error()
		}
		if twice {
			cmd2, next2, err := w.Resume(checkpoint, o)
			if err != nil || string(next2) != string(next) || fmt.Sprint(cmd2) != fmt.Sprint(cmd) {
				return fmt.Sprintf("resuming checkpoint %s twice gave %v %s and %v %s (%v)", checkpoint, cmd, next, cmd2, next2, err)
			}
		}
		checkpoint = next
		o = machine.Outcome{}
		switch cmd.Kind {
		case machine.KindReturn:
			return describe(cmd.Output, cmd.Err, trace.Take())
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

func describe(out []byte, err error, calls []string) string {
	msg := "<nil>"
	if err != nil {
		msg = err.Error()
		out = nil
	}
	return fmt.Sprintf("result=%s err=%s calls=%s", out, msg, strings.Join(calls, " "))
}
`

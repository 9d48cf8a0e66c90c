package codegen

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// engineOnly marks a golden case (a file of that name in in/) whose
// workflows use what only the runtime drives (futures, signals, timers,
// children): TestGoldenRun's in-memory driver leaves it to TestGoldenEngine.
const engineOnly = "ENGINE_ONLY"

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
	// DURGEN_CASES narrows a run to the cases whose names it matches, for
	// working on a few: the harnesses build one program for all cases.
	var only *regexp.Regexp
	if expr := os.Getenv("DURGEN_CASES"); expr != "" {
		if only, err = regexp.Compile(expr); err != nil {
			t.Fatalf("DURGEN_CASES: %v", err)
		}
	}
	var cases []goldenCase
	for _, d := range dirs {
		dir := filepath.Dir(d)
		if only != nil && !only.MatchString(filepath.Base(dir)) {
			continue
		}
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
	m := newRunModule(t, "golden")
	for _, c := range goldenCases(t) {
		files, diags := generateCase(t, c)
		if diags != "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(c.dir, "in", engineOnly)); err == nil {
			// Futures and signals need the runtime: TestGoldenEngine
			// runs this case.
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
		srcs, _ := filepath.Glob(filepath.Join(c.dir, "in", "*.go"))
		for _, s := range srcs {
			data, _ := os.ReadFile(s)
			files[filepath.Base(s)] = data
		}
		m.addFiles("cases/"+c.name, files)
		pkgPath := "github.com/durgen/durgen/testdata/golden/" + c.name + "/in"
		var names []string
		for name := range inputs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			m.addRuns(pkgPath+"."+name, inputs[name])
		}
	}
	r := m.run(10 * time.Minute)
	if r.Err != nil {
		t.Fatalf("harness failed: %v\n%s", r.Err, r.Output)
	}
	t.Logf("%s", r.Output)
	for _, fails := range r.Fails {
		for _, f := range fails {
			t.Error(f)
		}
	}
	if r.Ok == 0 {
		t.Fatalf("harness ran no workflow:\n%s", r.Output)
	}
}

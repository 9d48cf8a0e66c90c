package codegen

// This file runs random workflow programs (package internal/progen) through
// the differential harness of harness_test.go: TestRandomPrograms, a fixed
// set run by every go test, and FuzzTransform, the fuzz target. A program
// the generator refuses, a generated file that does not build and a run
// whose state machine disagrees with direct mode are each a failure of
// their own kind.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/packages"

	"github.com/durgen/durgen/codegen/internal/progen"
)

// programBatch is a set of programs checked with one build.
type programBatch struct {
	progs []*progen.Program
	// corrupt names packages whose generated file is changed so that
	// every returned result is wrong: the harness must see it.
	corrupt map[string]bool
	// deadline, if set, is when the batch must be done: a build that
	// would end later is stopped and the batch reported slow (not run,
	// not failed); a run still going then is a hang (failed).
	deadline time.Time
}

// batchReport is what checking a batch found, by package.
type batchReport struct {
	refused   map[string]string   // the generator's diagnostics
	diverged  map[string][]string // FAIL reports of the harness
	buildErr  map[string]string   // the go command's output
	runErr    error
	slow      bool // the build did not finish by the deadline
	programs  int  // programs run by the harness
	runsOk    int
	moduleDir string
}

// checkBatch generates the state machines of a batch in-process, builds
// them with the harness in one temporary module and runs them.
func checkBatch(t *testing.T, b programBatch) *batchReport {
	t.Helper()
	setEnv(t)
	m := newRunModule(t, "fuzz")
	rep := &batchReport{refused: map[string]string{}, diverged: map[string][]string{}, buildErr: map[string]string{}, moduleDir: m.dir}
	var patterns []string
	byPkg := map[string]*progen.Program{}
	for _, p := range b.progs {
		dir := filepath.Join(m.dir, p.Package)
		if err := os.MkdirAll(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "w.go"), p.Source)
		patterns = append(patterns, "./"+p.Package)
		byPkg[p.Package] = p
	}
	pkgs, err := Load(m.dir, patterns...)
	if err != nil {
		var srcs []string
		for _, p := range b.progs {
			if strings.Contains(err.Error(), p.Package+"/") {
				srcs = append(srcs, fmt.Sprintf("--- %s/w.go:\n%s", p.Package, p.Source))
			}
		}
		t.Fatalf("progen made a program that does not type-check (a bug of progen): %v\n%s", err, strings.Join(srcs, "\n"))
	}
	// Generate each package alone, so a refusal names its program.
	var runnable []*progen.Program
	for _, pkg := range pkgs {
		p := byPkg[pkg.Name]
		files, err := Generate([]*packages.Package{pkg})
		if err != nil {
			rep.refused[p.Package] = err.Error()
			continue
		}
		gen := map[string][]byte{"w.go": p.Source}
		for _, f := range files {
			src := f.Source
			if b.corrupt[p.Package] {
				src = []byte(strings.ReplaceAll(string(src), "machine.Return(", `machine.Return("!"+`))
			}
			gen[filepath.Base(f.Path)] = src
		}
		m.addFiles(p.Package, gen)
		runnable = append(runnable, p)
	}
	for _, p := range runnable {
		var inputs []string
		for _, in := range p.Inputs {
			inputs = append(inputs, fmt.Sprint(in))
		}
		m.addRuns("fuzz/"+p.Package+".W", inputs)
	}
	if len(runnable) == 0 {
		return rep
	}
	// A package whose generated code does not build is reported and
	// left out, and the rest are built again.
	var r *runReport
	for {
		if b.deadline.IsZero() {
			r = m.run(10 * time.Minute)
		} else {
			// Keep a second for the run, which takes milliseconds
			// unless a state machine hangs.
			r = m.runWithin(time.Until(b.deadline)-1500*time.Millisecond, func() time.Duration {
				return max(time.Second, time.Until(b.deadline))
			})
		}
		if r.BuildTimedOut {
			rep.slow = true
			return rep
		}
		if r.Err == nil || !strings.HasPrefix(r.Err.Error(), "build:") {
			break
		}
		dropped := false
		for _, p := range runnable {
			if _, done := rep.buildErr[p.Package]; !done && strings.Contains(r.Output, "# fuzz/"+p.Package+"\n") {
				rep.buildErr[p.Package] = buildErrorOf(r.Output, p.Package)
				m.drop(p.Package)
				dropped = true
			}
		}
		if !dropped {
			rep.buildErr["?"] = r.Output
			return rep
		}
		runnable = slices.DeleteFunc(runnable, func(p *progen.Program) bool { _, bad := rep.buildErr[p.Package]; return bad })
		if len(runnable) == 0 {
			return rep
		}
	}
	rep.runsOk = r.Ok
	if r.Err != nil {
		rep.runErr = fmt.Errorf("%v\n%s", r.Err, lastLines(r.Output, 20))
		return rep
	}
	for name, fails := range r.Fails {
		pkg := strings.TrimSuffix(strings.TrimPrefix(name, "fuzz/"), ".W")
		rep.diverged[pkg] = append(rep.diverged[pkg], fails...)
	}
	rep.programs = len(runnable)
	return rep
}

// failures reports what a batch found, one error for each program, with
// its source.
func (rep *batchReport) failures(t *testing.T, progs []*progen.Program, skip map[string]bool) {
	t.Helper()
	src := map[string][]byte{}
	for _, p := range progs {
		src[p.Package] = p.Source
	}
	for _, pkg := range sortedKeys(rep.refused) {
		if strings.Contains(rep.refused[pkg], "internal error") {
			t.Errorf("CRASH: the generator fails on program %s (a generator bug):\n%s\n--- %s/w.go:\n%s", pkg, rep.refused[pkg], pkg, src[pkg])
			continue
		}
		t.Errorf("REFUSED: the generator refuses program %s, which progen should not make (or a construct it took before):\n%s\n--- %s/w.go:\n%s", pkg, rep.refused[pkg], pkg, src[pkg])
	}
	for _, pkg := range sortedKeys(rep.buildErr) {
		if pkg == "?" {
			t.Errorf("BUILD: the temporary module does not build, and not because of a generated file (is the repository building?):\n%s", rep.buildErr[pkg])
			continue
		}
		t.Errorf("BUILD: the generated code of program %s does not build (a generator bug):\n%s\n--- %s/w.go:\n%s", pkg, rep.buildErr[pkg], pkg, src[pkg])
	}
	if rep.runErr != nil {
		t.Errorf("HARNESS: %v", rep.runErr)
	}
	for _, pkg := range sortedKeys(rep.diverged) {
		if skip[pkg] {
			continue
		}
		t.Errorf("DIVERGENCE: program %s, direct mode and state machine disagree:\n%s\n--- %s/w.go:\n%s", pkg, strings.Join(rep.diverged[pkg], "\n"), pkg, src[pkg])
	}
}

// buildErrorOf returns the lines of the go command's output about pkg.
func buildErrorOf(out, pkg string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "# ") {
			in = line == "# fuzz/"+pkg
		}
		if in {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var (
	featuresOnce sync.Once
	features     progen.Features
	featuresErr  error
)

// probes are small workflows using one construct each: progen makes the
// construct when the generator takes its probe.
var probes = map[string]string{
	"Switch": `switch in % 2 {
	case 0:
		durgen.Sleep(ctx, time.Second)
	}`,
	"Range": `for _, v := range []int{in} {
		durgen.Await(ctx, Inc, v)
	}`,
	"Expr": `x := 1 + must(durgen.Await(ctx, Inc, in))
	acc = mix(acc, x)`,
	"AndOr": `if in > 0 && must(durgen.Await(ctx, Even, "a")) {
		acc = mix(acc, 1)
	}`,
	"LoopClause": `for i := 0; i < must(durgen.Await(ctx, Inc, 1)); i++ {
		acc = mix(acc, i)
	}`,
	"Share": `xs := []int{in, 2}
	ys := xs[:1]
	durgen.Sleep(ctx, time.Second)
	ys[0] = 5
	acc = mix(acc, xs, ys)`,
	"Goto": `if in > 0 {
		goto L
	}
	durgen.Sleep(ctx, time.Second)
L:
	durgen.Sleep(ctx, time.Second)`,
	"Defer": `defer note("p", in)
	defer durgen.Await(ctx, Inc, in)
	durgen.Sleep(ctx, time.Second)`,
}

// probeFeatures finds the constructs the generator takes, once.
func probeFeatures(t *testing.T) progen.Features {
	t.Helper()
	featuresOnce.Do(func() {
		setEnv(t)
		m := newRunModule(t, "probe")
		var patterns []string
		for name, body := range probes {
			pkg := "probe" + strings.ToLower(name)
			dir := filepath.Join(m.dir, pkg)
			if err := os.MkdirAll(dir, 0o777); err != nil {
				featuresErr = err
				return
			}
			writeFile(t, filepath.Join(dir, "w.go"), progen.Source(pkg, "acc := \"W\"\n"+body+"\nreturn acc, nil").Source)
			patterns = append(patterns, "./"+pkg)
		}
		pkgs, err := Load(m.dir, patterns...)
		if err != nil {
			featuresErr = err
			return
		}
		on := map[string]bool{}
		for _, pkg := range pkgs {
			if _, err := Generate([]*packages.Package{pkg}); err == nil {
				on[strings.TrimPrefix(pkg.Name, "probe")] = true
			}
		}
		features = progen.Features{
			Switch: on["switch"], Range: on["range"], Expr: on["expr"],
			AndOr: on["andor"], LoopClause: on["loopclause"], Goto: on["goto"],
			Share: on["share"], Defer: on["defer"],
		}
	})
	if featuresErr != nil {
		t.Fatalf("probing the generator: %v", featuresErr)
	}
	return withEnv(t, features)
}

// withEnv applies DURGEN_FUZZ_FEATURES (a comma-separated list of
// feature names to turn off, each with a leading minus: -Goto) and
// DURGEN_FUZZ_AVOID (the fuzz_* golden cases of known bugs to steer around)
// to the probed features: a way to fuzz past bugs that are known.
func withEnv(t *testing.T, f progen.Features) progen.Features {
	if s := os.Getenv("DURGEN_FUZZ_FEATURES"); s != "" {
		for _, name := range strings.Split(s, ",") {
			switch strings.TrimSpace(name) {
			case "-Switch":
				f.Switch = false
			case "-Range":
				f.Range = false
			case "-Expr":
				f.Expr = false
			case "-AndOr":
				f.AndOr = false
			case "-LoopClause":
				f.LoopClause = false
			case "-Goto":
				f.Goto = false
			case "-Share":
				f.Share = false
			default:
				t.Fatalf("DURGEN_FUZZ_FEATURES: unknown %q", name)
			}
		}
	}
	if s := os.Getenv("DURGEN_FUZZ_AVOID"); s != "" {
		f.Avoid = map[string]bool{}
		for _, name := range strings.Split(s, ",") {
			f.Avoid[strings.TrimSpace(name)] = true
		}
	}
	return f
}

// TestRandomPrograms checks programs of fixed seeds in one build, and that
// the harness sees a wrong state machine: a copy of the first program
// whose generated file returns a wrong result must diverge.
func TestRandomPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: not in -short mode")
	}
	feat := probeFeatures(t)
	t.Logf("features: %+v", feat)
	var progs []*progen.Program
	n := 50
	if s := os.Getenv("DURGEN_RANDOM_N"); s != "" {
		fmt.Sscan(s, &n) // more programs, for a longer local run
	}
	for i := 0; i < n; i++ {
		progs = append(progs, progen.Generate(fmt.Sprintf("p%d", i), []byte(fmt.Sprintf("seed %d", i)), feat))
	}
	bad := progen.Source("bad", selfCheck)
	bad.Inputs = []int{1, 2}
	progs = append(progs, bad)
	rep := checkBatch(t, programBatch{progs: progs, corrupt: map[string]bool{"bad": true}})
	rep.failures(t, progs, map[string]bool{"bad": true})
	if len(rep.buildErr) == 0 && rep.runErr == nil && len(rep.diverged["bad"]) == 0 {
		t.Errorf("the harness did not notice a state machine that returns wrong results")
	}
	t.Logf("%d programs, %d runs agreed", rep.programs, rep.runsOk)
}

// selfCheck is the workflow of the self-check.
const selfCheck = `acc := "W"
	n, err := durgen.Await(ctx, Inc, in)
	if err != nil {
		return "", err
	}
	durgen.Sleep(ctx, time.Minute)
	return mix(acc, n), nil`

var stderrOnce sync.Once

// batchSize is the number of programs of one fuzz input: a build costs
// seconds, a program milliseconds.
const batchSize = 4

// fuzzBudget is the time one fuzz input may take; a fuzz worker gives up
// after 10s.
const fuzzBudget = 8 * time.Second

// FuzzTransform runs the programs of a fuzz input through the harness: the
// input's bytes choose the statements of batchSize programs. Set
// DURGEN_FUZZ_COUNT to a file to have each input append the number of
// programs it ran without divergence.
func FuzzTransform(f *testing.F) {
	for _, s := range []string{"", "loops and loops", "\x03\x07\x02\x08\x08\x04\x01"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		if path := os.Getenv("DURGEN_FUZZ_TRACE"); path != "" {
			logf := func(format string, args ...any) {
				if fh, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o666); err == nil {
					fmt.Fprintf(fh, "%d "+format+"\n", append([]any{os.Getpid()}, args...)...)
					fh.Close()
				}
			}
			stderrOnce.Do(func() {
				// Fuzz workers' output goes nowhere: keep a crash's.
				if fh, err := os.OpenFile(fmt.Sprintf("%s.%d.stderr", path, os.Getpid()), os.O_CREATE|os.O_WRONLY, 0o666); err == nil {
					syscall.Dup3(int(fh.Fd()), 2, 0)
				}
			})
			logf("start %x", data)
			defer logf("end failed=%v", t.Failed())
		}
		feat := probeFeatures(t)
		var progs []*progen.Program
		for i := 0; i < batchSize; i++ {
			seed := append([]byte{byte(i)}, data...)
			progs = append(progs, progen.Generate(fmt.Sprintf("p%d", i), seed, feat))
		}
		// A fuzz worker panics if an input takes 10s: stop the build
		// before, and report the input slow rather than failed.
		b := programBatch{progs: progs}
		if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
			b.deadline = start.Add(fuzzBudget) // only fuzz workers have the limit
		}
		rep := checkBatch(t, b)
		rep.failures(t, progs, nil)
		if rep.slow {
			t.Logf("the build did not finish in %v; the programs did not run", fuzzBudget)
		}
		if path := os.Getenv("DURGEN_FUZZ_COUNT"); path != "" && !t.Failed() {
			fh, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o666)
			if err == nil {
				fmt.Fprintf(fh, "%d %v slow=%v\n", rep.programs, time.Since(start).Round(time.Millisecond), rep.slow)
				fh.Close()
			}
		}
	})
}

// TestProgramFile runs the workflow W of the file named by DURGEN_PROGRAM
// (a program of progen's form) on the inputs of DURGEN_INPUTS (comma
// separated, default 0,1,5): a tool for minimizing a divergence by hand.
func TestProgramFile(t *testing.T) {
	path := os.Getenv("DURGEN_PROGRAM")
	if path == "" {
		t.Skip("set DURGEN_PROGRAM to a program file to run it")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := &progen.Program{Package: "p", Source: src, Inputs: []int{0, 1, 5}}
	if in := os.Getenv("DURGEN_INPUTS"); in != "" {
		p.Inputs = nil
		for _, s := range strings.Split(in, ",") {
			var n int
			fmt.Sscan(s, &n)
			p.Inputs = append(p.Inputs, n)
		}
	}
	rep := checkBatch(t, programBatch{progs: []*progen.Program{p}})
	rep.failures(t, []*progen.Program{p}, nil)
	if os.Getenv("DURGEN_SHOW") != "" {
		gen, _ := os.ReadFile(filepath.Join(rep.moduleDir, "p", "w_durgen.go"))
		t.Logf("generated:\n%s", gen)
	}
}

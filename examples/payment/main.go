package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

// The demo's clock runs 432000 times faster than the wall clock: the
// workflow's ten-day sleep takes two seconds, a 30-minute sleep 4ms.
const demoScale = 432000

// workerConfig is what a worker process is told on its command line.
type workerConfig struct {
	DB            string
	Instance      string
	AnchorReal    int64
	AnchorVirtual int64
	Scale         float64
	Lease         time.Duration
	// KillAt is "<event>:<step>" (e.g. "returned:9"): at that event of
	// the instance the worker prints a marker line and blocks, for the
	// parent to kill it with SIGKILL. "<event>:*N" is the N-th such event
	// of any step and instance.
	KillAt string
}

func (c workerConfig) args() []string {
	return []string{"-worker", "-db", c.DB, "-instance", c.Instance,
		"-anchor-real", fmt.Sprint(c.AnchorReal), "-anchor-virtual", fmt.Sprint(c.AnchorVirtual),
		"-scale", fmt.Sprint(c.Scale), "-lease", c.Lease.String(), "-kill-at", c.KillAt}
}

func main() {
	var c workerConfig
	worker := flag.Bool("worker", false, "run as a worker process (the demo starts these itself)")
	flag.StringVar(&c.DB, "db", "", "worker: SQLite database file")
	flag.StringVar(&c.Instance, "instance", "", "worker: exit when this instance has ended (empty: when all have)")
	flag.Int64Var(&c.AnchorReal, "anchor-real", 0, "worker: wall time (Unix ns) at which the clock read anchor-virtual")
	flag.Int64Var(&c.AnchorVirtual, "anchor-virtual", 0, "worker: virtual time (Unix ns) at anchor-real")
	flag.Float64Var(&c.Scale, "scale", demoScale, "worker: clock speed-up")
	flag.DurationVar(&c.Lease, "lease", time.Second, "worker: lease of a claimed step (wall time)")
	flag.StringVar(&c.KillAt, "kill-at", "", `worker: block at "<event>:<step>" after printing a marker`)
	flag.Parse()
	if *worker {
		if err := runWorker(c); err != nil {
			fmt.Fprintln(os.Stderr, "payment worker:", err)
			os.Exit(1)
		}
		return
	}
	if err := demo(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "payment:", err)
		os.Exit(1)
	}
}

// line is one line a worker prints on stdout.
type line struct {
	Call   *Call  `json:"call,omitempty"`
	Marker string `json:"marker,omitempty"`
	Done   string `json:"done,omitempty"`
}

var stdoutMu sync.Mutex

func printLine(l line) {
	data, _ := json.Marshal(l)
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	os.Stdout.Write(append(data, '\n'))
}

// runWorker is a worker process: it runs the engine on the database until
// the instance has ended, printing activity calls and, at KillAt, a marker
// after which it blocks.
func runWorker(c workerConfig) error {
	setOnCall(func(c Call) { printLine(line{Call: &c}) })
	store, err := sqlite.Open(c.DB, sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	clock := runtime.ScaledClock(time.Unix(0, c.AnchorReal), time.Unix(0, c.AnchorVirtual), c.Scale)
	var (
		killMu    sync.Mutex
		killCount int
	)
	killHere := func(ev runtime.Event) bool {
		kind, step, ok := strings.Cut(c.KillAt, ":")
		if !ok || string(ev.Kind) != kind {
			return false
		}
		if nth, ok := strings.CutPrefix(step, "*"); ok {
			killMu.Lock()
			defer killMu.Unlock()
			killCount++
			return fmt.Sprint(killCount) == nth
		}
		return (c.Instance == "" || ev.InstanceID == c.Instance) && step == fmt.Sprint(ev.Step)
	}
	e := runtime.New(store, runtime.Options{
		Clock: clock,
		Lease: c.Lease,
		Poll:  50 * time.Millisecond,
		// One step at a time: while the kill hook blocks, nothing else in
		// this process moves, so the parent kills it exactly there.
		Concurrency: 1,
		OnEvent: func(ev runtime.Event) {
			if c.KillAt != "" && killHere(ev) {
				printLine(line{Marker: c.KillAt})
				select {} // until SIGKILL
			}
			if ev.Kind == runtime.EventError {
				fmt.Fprintln(os.Stderr, "payment worker:", ev.Err)
			}
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		defer cancel()
		if c.Instance != "" {
			if _, err := e.Wait(ctx, c.Instance); err == nil {
				printLine(line{Done: c.Instance})
			}
			return
		}
		for ctx.Err() == nil {
			running, err := store.InstanceList(ctx, runtime.InstanceListParams{Status: runtime.StatusRunning, Limit: 1})
			if err == nil && len(running) == 0 {
				printLine(line{Done: "all"})
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return e.Run(ctx)
}

// child is the outcome of one worker process.
type child struct {
	Calls  []Call
	Killed bool
}

// runChild runs a worker process and collects its activity calls. If the
// worker prints a kill marker, the parent kills it with SIGKILL at once.
func runChild(ctx context.Context, bin string, c workerConfig) (*child, error) {
	return runChildKillAfter(ctx, bin, c, 0, nil)
}

// runChildKillAfter is runChild that also kills the worker after d (wall
// time), if d > 0 and it is still running, and closes started, if set, at
// the worker's first activity call.
func runChildKillAfter(ctx context.Context, bin string, c workerConfig, d time.Duration, started chan<- struct{}) (*child, error) {
	cmd := exec.CommandContext(ctx, bin, c.args()...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var (
		res    child
		killed atomic.Bool
	)
	if d > 0 {
		tm := time.AfterFunc(d, func() {
			killed.Store(true)
			cmd.Process.Kill() // SIGKILL
		})
		defer tm.Stop()
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			continue
		}
		switch {
		case l.Call != nil:
			res.Calls = append(res.Calls, *l.Call)
			if started != nil {
				close(started)
				started = nil
			}
		case l.Marker != "":
			cmd.Process.Kill() // SIGKILL
			res.Killed = true
		}
	}
	err = cmd.Wait()
	if killed.Load() && err != nil {
		res.Killed = true
	}
	if res.Killed {
		return &res, nil
	}
	if err != nil {
		return &res, fmt.Errorf("worker %v: %w", c.args(), err)
	}
	return &res, nil
}

func demo(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "durgen-payment-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "payment.db")

	realAnchor := time.Now()
	virtualAnchor := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := runtime.ScaledClock(realAnchor, virtualAnchor, demoScale)
	store, err := sqlite.Open(dbPath, sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	e := runtime.New(store, runtime.Options{Clock: clock})

	p := Payment{ID: "pay-1", Payer: "alice", Payee: "bob", Amount: 12500}
	if _, err := runtime.Start(ctx, e, "pay-1", Pay, p); err != nil {
		return err
	}
	fmt.Fprintf(w, "durgen payment demo\n")
	fmt.Fprintf(w, "  database: %s (SQLite, WAL)\n", dbPath)
	fmt.Fprintf(w, "  clock:    virtual, from %s, %dx real time (10 days = %.1fs)\n", virtualAnchor.Format(time.RFC3339), demoScale,
		(240 * time.Hour / demoScale).Seconds())
	fmt.Fprintf(w, "  started:  instance pay-1 of Pay(%s)\n\n", mustJSON(p))

	cfg := workerConfig{DB: dbPath, Instance: "pay-1", AnchorReal: realAnchor.UnixNano(), AnchorVirtual: virtualAnchor.UnixNano(),
		Scale: demoScale, Lease: time.Second}
	phases := []struct {
		killAt, what string
	}{
		{"committed:2", "while the workflow sleeps 30 minutes (the bank said: still processing)"},
		{"returned:9", "right after TransferFunds returned, before its checkpoint was committed"},
		{"", ""},
	}
	var all [][]Call
	for i, ph := range phases {
		cfg.KillAt = ph.killAt
		if ph.killAt == "" {
			fmt.Fprintf(w, "== worker %d: resumes pay-1 and runs it to the end (it first waits out worker %d's 1s lease)\n", i+1, i)
		} else if i == 0 {
			fmt.Fprintf(w, "== worker %d: runs pay-1; will be killed %s\n", i+1, ph.what)
		} else {
			fmt.Fprintf(w, "== worker %d: resumes pay-1; will be killed %s\n", i+1, ph.what)
		}
		ch, err := runChild(ctx, bin, cfg)
		if err != nil {
			return err
		}
		all = append(all, ch.Calls)
		for _, c := range ch.Calls {
			fmt.Fprintf(w, "   call  %-14s step %-2d attempt %d  key %-9s input %s\n", c.Activity, c.Step, c.Attempt, c.IdempotencyKey, c.Input)
		}
		if !ch.Killed {
			break
		}
		fmt.Fprintf(w, "   ** SIGKILL at %s **\n\n", ph.killAt)
		if err := printSaved(ctx, w, e, "pay-1"); err != nil {
			return err
		}
	}

	got, err := runtime.Result[Receipt](ctx, e, "pay-1")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== pay-1 completed; its receipt:\n")
	fmt.Fprintf(w, "%s\n", indent(mustJSON(got), ""))
	want, err := Pay(durgen.Direct(ctx), p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nsame receipt as Pay run as a plain Go function (direct mode): %v\n", reflect.DeepEqual(got, want))
	reruns, err := checkCalls(all)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "every re-executed activity got the same idempotency key and input: true\n")
	for _, r := range reruns {
		fmt.Fprintf(w, "  %s\n", r)
	}
	return nil
}

// printSaved prints what the store holds for an interrupted instance: its
// label, the step it waits for and its frame.
func printSaved(ctx context.Context, w io.Writer, e *runtime.Engine, id string) error {
	in, err := e.Get(ctx, id)
	if err != nil {
		return err
	}
	steps, err := e.Store().StepList(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   saved state of %s: status %s, resumes at label %d\n", in.ID, in.Status, in.PC)
	for _, st := range steps {
		if st.Status == runtime.StepDone {
			continue
		}
		switch st.Kind {
		case runtime.StepSleep:
			fmt.Fprintf(w, "   waiting for: step %d, a durable timer: sleep %v until %s (virtual time); no goroutine holds it\n",
				st.Number, st.ReadyAt.Sub(st.CreatedAt), st.ReadyAt.Format(time.RFC3339))
		default:
			lease := ""
			if st.Status == runtime.StepRunning {
				lease = fmt.Sprintf(", leased by dead worker %s", st.LeaseOwner)
			}
			fmt.Fprintf(w, "   waiting for: step %d, %s %s attempt %d%s\n     key %s input %s\n",
				st.Number, st.Kind, shortName(st.Activity), st.Attempt, lease, st.IdempotencyKey, st.Input)
		}
	}
	fmt.Fprintf(w, "   frame:\n%s\n\n", indent(in.Frame, "     "))
	return nil
}

// checkCalls verifies that every attempt of a step, in every process, saw
// the same activity, idempotency key and input, and describes the
// re-executions.
func checkCalls(all [][]Call) ([]string, error) {
	type seen struct {
		call Call
		proc int
	}
	first := map[string]seen{}
	var reruns []string
	for proc, calls := range all {
		for _, c := range calls {
			f, ok := first[c.IdempotencyKey]
			if !ok {
				first[c.IdempotencyKey] = seen{c, proc}
				continue
			}
			if f.call.Activity != c.Activity || f.call.Step != c.Step || !bytes.Equal(f.call.Input, c.Input) {
				return nil, fmt.Errorf("worker %d: step %s re-ran as %s(%s), first ran as %s(%s)",
					proc+1, c.IdempotencyKey, c.Activity, c.Input, f.call.Activity, f.call.Input)
			}
			reruns = append(reruns, fmt.Sprintf("%s ran in worker %d (attempt %d) and again in worker %d (attempt %d), both with key %s",
				c.Activity, f.proc+1, f.call.Attempt, proc+1, c.Attempt, c.IdempotencyKey))
		}
	}
	return reruns, nil
}

func shortName(name string) string { return name[strings.LastIndex(name, ".")+1:] }

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

func indent(data []byte, prefix string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, prefix, "  "); err != nil {
		return string(data)
	}
	return prefix + buf.String()
}

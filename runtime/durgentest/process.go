package durgentest

// This file holds the pieces of a crash matrix with real processes: a worker
// mode for the program under test (Worker, PrintCall), and a driver that
// runs it as a child process and kills it with SIGKILL at a chosen point
// (RunWorker, KillPoints, Effects, CheckKeys).

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

// WorkerLine is what a worker process prints on stdout, one JSON object a
// line: an activity call, the marker of the point it stops at to be killed,
// or the end of the instance.
type WorkerLine struct {
	Activity string `json:"activity,omitempty"`
	Arg      string `json:"arg,omitempty"`
	Key      string `json:"key,omitempty"`
	Attempt  int    `json:"attempt,omitempty"`
	Marker   string `json:"marker,omitempty"`
	Done     bool   `json:"done,omitempty"`
}

var printMu sync.Mutex

func printLine(l WorkerLine) {
	printMu.Lock()
	defer printMu.Unlock()
	data, _ := json.Marshal(l)
	os.Stdout.Write(append(data, '\n'))
}

// PrintCall reports an activity call on stdout, for RunWorker to collect:
// a worker process's activities call it.
func PrintCall(activity, arg string, info durgen.ActivityInfo) {
	printLine(WorkerLine{Activity: activity, Arg: arg, Key: info.IdempotencyKey, Attempt: info.Attempt})
}

// Worker runs a worker on the SQLite file db until instance id ends. With
// killAt ("<event>:<step>", e.g. "returned:3"), it prints a marker and
// blocks at that point of the instance, for the parent to kill it with
// SIGKILL. Every process starts a fake clock at start; it jumps to the next
// timer recorded in the file.
func Worker(db, id, killAt string, start time.Time) error {
	store, err := sqlite.Open(db, sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	e := runtime.New(store, runtime.Options{
		Clock:       runtime.NewFakeClock(start, true),
		Lease:       300 * time.Millisecond,
		Poll:        20 * time.Millisecond,
		Concurrency: 1,
		OnEvent: func(ev runtime.Event) {
			if killAt != "" && ev.InstanceID == id && fmt.Sprintf("%s:%d", ev.Kind, ev.Step) == killAt {
				printLine(WorkerLine{Marker: killAt})
				select {} // until SIGKILL
			}
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	if _, err := e.Wait(ctx, id); err != nil {
		return err
	}
	cancel()
	<-done
	printLine(WorkerLine{Done: true})
	return nil
}

// RunWorker runs the worker program bin (which calls Worker when given
// -worker -db -instance -kill-at) on db for instance id and returns the
// activity calls it printed. With killAt "<event>:<step>" the worker is
// killed with SIGKILL where it prints the marker, and must reach it; with
// "after:<ms>" it is killed after that many milliseconds wherever it is (in
// an activity, in a commit), or not at all if it finished first; with ""
// it must run the instance to its end.
func RunWorker(t *testing.T, ctx context.Context, bin, db, id, killAt string) []WorkerLine {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, "-worker", "-db", db, "-instance", id, "-kill-at", killAt)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	if ms, ok := strings.CutPrefix(killAt, "after:"); ok {
		var delay int
		fmt.Sscan(ms, &delay)
		timer := time.AfterFunc(time.Duration(delay)*time.Millisecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
		killed = true
	}
	var calls []WorkerLine
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var l WorkerLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("worker printed %q: %v", sc.Text(), err)
		}
		switch {
		case l.Marker != "":
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		case l.Activity != "":
			calls = append(calls, l)
		}
	}
	err = cmd.Wait()
	if killAt != "" && !killed {
		t.Fatalf("the worker never reached %s (%v)", killAt, err)
	}
	if killAt == "" && err != nil {
		t.Fatalf("worker: %v", err)
	}
	return calls
}

// KillPoints lists the points to kill a worker at for the steps of an
// uninterrupted run: each step's claim and commit, each activity's return
// (before its commit), and n moments spread over a worker's life.
func KillPoints(steps []*runtime.Step, n int) []string {
	var points []string
	for i := 0; i < n; i++ {
		points = append(points, fmt.Sprintf("after:%d", 5+i*9))
	}
	for _, st := range steps {
		points = append(points, fmt.Sprintf("claimed:%d", st.Number), fmt.Sprintf("committed:%d", st.Number))
		if st.Activity != "" {
			points = append(points, fmt.Sprintf("returned:%d", st.Number))
		}
	}
	return points
}

// CheckKeys fails t if two calls under one idempotency key differ in
// activity or argument.
func CheckKeys(t *testing.T, calls []WorkerLine) {
	t.Helper()
	byKey := map[string]WorkerLine{}
	for _, c := range calls {
		if prev, ok := byKey[c.Key]; ok && (prev.Activity != c.Activity || prev.Arg != c.Arg) {
			t.Fatalf("key %s: %s(%s) and then %s(%s)", c.Key, prev.Activity, prev.Arg, c.Activity, c.Arg)
		}
		byKey[c.Key] = c
	}
}

// Effects lists the distinct activity steps of a run: activity and
// argument, once per idempotency key, sorted. Two runs with the same effects
// applied every step's effect once, where the activities honour their keys.
func Effects(calls []WorkerLine) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range calls {
		if !seen[c.Key] {
			seen[c.Key] = true
			out = append(out, c.Activity+"("+c.Arg+")")
		}
	}
	sort.Strings(out)
	return out
}

// ErrMessage is a stored error's message, without the instance's name.
func ErrMessage(stored []byte) string {
	var e struct {
		Message string `json:"message"`
	}
	json.Unmarshal(stored, &e)
	if i := strings.Index(e.Message, ": "); i >= 0 && strings.HasPrefix(e.Message, "durgen: instance") {
		return e.Message[i+2:]
	}
	return e.Message
}

// BuildProgram builds the main package in the current directory (the
// program under test) once per test binary and returns its path.
func BuildProgram(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "durgen-worker")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = dir + "/worker"
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

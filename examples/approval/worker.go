package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

// workerLine is what a worker process prints on stdout, one JSON object a
// line: an activity call, the marker of the point it stops at to be killed,
// or the end of the instance.
type workerLine struct {
	Activity string `json:"activity,omitempty"`
	Arg      string `json:"arg,omitempty"`
	Key      string `json:"key,omitempty"`
	Attempt  int    `json:"attempt,omitempty"`
	Marker   string `json:"marker,omitempty"`
	Done     bool   `json:"done,omitempty"`
}

// runWorkerMode runs a worker on the SQLite file db until instance id
// ends. With killAt ("<event>:<step>", e.g. "returned:3"), it prints a
// marker and blocks at that point of the instance, for the parent to kill
// it with SIGKILL: the crash tests' worker.
func runWorkerMode(db, id, killAt string) error {
	var mu sync.Mutex
	print := func(l workerLine) {
		mu.Lock()
		defer mu.Unlock()
		data, _ := json.Marshal(l)
		os.Stdout.Write(append(data, '\n'))
	}
	onCall = func(activity, arg string, info durgen.ActivityInfo) {
		print(workerLine{Activity: activity, Arg: arg, Key: info.IdempotencyKey, Attempt: info.Attempt})
	}
	store, err := sqlite.Open(db, sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	e := runtime.New(store, runtime.Options{
		// Every process starts its fake clock at the same instant; it jumps
		// to the next timer recorded in the file.
		Clock:       runtime.NewFakeClock(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC), true),
		Lease:       300 * time.Millisecond,
		Poll:        20 * time.Millisecond,
		Concurrency: 1,
		OnEvent: func(ev runtime.Event) {
			if killAt != "" && ev.InstanceID == id && fmt.Sprintf("%s:%d", ev.Kind, ev.Step) == killAt {
				print(workerLine{Marker: killAt})
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
	print(workerLine{Done: true})
	return nil
}

// workerFlags are the flags of the worker mode.
var workerFlags = struct {
	worker       *bool
	db, id, kill *string
}{
	flag.Bool("worker", false, "run as a worker process (the crash tests start these)"),
	flag.String("db", "", "worker: SQLite file"),
	flag.String("instance", "", "worker: the instance to run to its end"),
	flag.String("kill-at", "", `worker: block at "<event>:<step>" after printing a marker`),
}

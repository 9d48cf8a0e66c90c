package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/durgentest"
	"github.com/durgen/durgen/runtime/sqlite"
)

func main() {
	worker := flag.Bool("worker", false, "run as a worker process (the crash tests start these)")
	db := flag.String("db", "", "worker: SQLite file")
	id := flag.String("instance", "", "worker: the instance to run to its end")
	killAt := flag.String("kill-at", "", `worker: block at "<event>:<step>" after printing a marker`)
	flag.Parse()
	if *worker {
		onCall = durgentest.PrintCall
		if err := durgentest.Worker(*db, *id, *killAt, time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)); err != nil {
			fmt.Fprintln(os.Stderr, "approval worker:", err)
			os.Exit(1)
		}
		return
	}
	if err := demo(); err != nil {
		fmt.Fprintln(os.Stderr, "approval:", err)
		os.Exit(1)
	}
}

// demo runs three requests on a fresh SQLite file with a fake clock moved
// by hand: one answered before the workflow even asked (the signal is
// kept), one answered after a reminder, one never answered.
func demo() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "durgen-approval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(filepath.Join(dir, "approval.db"), sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	clock := runtime.NewFakeClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), false)
	e := runtime.New(store, runtime.Options{Clock: clock, Poll: 10 * time.Millisecond})
	onCall = func(activity, arg string, info durgen.ActivityInfo) {
		fmt.Printf("  [%s] %-11s %s\n", clock.Now().Format("Jan 2 15:04"), activity, arg)
	}
	expenses := []Expense{{"exp-1", "ann", 4200}, {"exp-2", "bob", 990}, {"exp-3", "cy", 12000}}
	for _, x := range expenses {
		if _, err := runtime.Start(ctx, e, x.ID, Approve, x); err != nil {
			return err
		}
	}
	fmt.Println("signal exp-1: approved by dana (before any worker ran: kept until received)")
	if err := e.Signal(ctx, "exp-1", "decision", Decision{Approved: true, By: "dana"}); err != nil {
		return err
	}
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	go e.Run(rctx)

	// settle waits until each instance has ended or waits for a decision
	// past the clock's time: the worker has caught up with the clock.
	settle := func(ids ...string) error {
		for _, id := range ids {
			for {
				in, err := e.Get(ctx, id)
				if err != nil {
					return err
				}
				steps, err := store.StepList(ctx, id)
				if err != nil {
					return err
				}
				last := steps[len(steps)-1]
				if in.Status.IsDone() || last.Kind == runtime.StepReceive && last.Status == runtime.StepWaiting && last.Deadline.After(clock.Now()) {
					break
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
		return nil
	}
	ids := []string{"exp-1", "exp-2", "exp-3"}
	if err := settle(ids...); err != nil {
		return err
	}
	for day := 1; day <= 3; day++ {
		fmt.Println("a day passes")
		clock.Advance(24 * time.Hour)
		if err := settle(ids...); err != nil {
			return err
		}
		if day == 1 {
			fmt.Println("signal exp-2: rejected by erin")
			if err := e.Signal(ctx, "exp-2", "decision", Decision{Approved: false, By: "erin"}); err != nil {
				return err
			}
			if err := settle(ids...); err != nil {
				return err
			}
		}
	}
	fmt.Println()
	for _, x := range expenses {
		out, err := runtime.Result[Outcome](ctx, e, x.ID)
		if err != nil {
			return err
		}
		data, _ := json.Marshal(out)
		fmt.Printf("%s: %s\n", x.ID, data)
	}
	fmt.Println("\nhistory of exp-2:")
	hist, err := e.History(ctx, "exp-2")
	if err != nil {
		return err
	}
	for _, h := range hist {
		fmt.Printf("  %s  step %2d  %-9s %s\n", h.At.Format("Jan 2 15:04"), h.Step, h.Event, h.Detail)
	}
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
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
			fmt.Fprintln(os.Stderr, "saga worker:", err)
			os.Exit(1)
		}
		return
	}
	if err := demo(); err != nil {
		fmt.Fprintln(os.Stderr, "saga:", err)
		os.Exit(1)
	}
}

// demo books two trips on a fresh SQLite file: one whose card is accepted,
// one whose card is declined and whose bookings are therefore cancelled.
func demo() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "durgen-saga-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(filepath.Join(dir, "saga.db"), sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	// A fake clock that jumps to the next timer: the minute's wait takes
	// no time.
	e := runtime.New(store, runtime.Options{Clock: runtime.NewFakeClock(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC), true)})
	onCall = func(activity, arg string, info durgen.ActivityInfo) {
		fmt.Printf("  %-13s %-17s key %s\n", activity, arg, info.IdempotencyKey)
	}
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	go e.Run(rctx)

	for _, t := range []Trip{
		{ID: "trip-ok", From: "LIS", To: "OSL", Nights: 3, Card: "4242"},
		{ID: "trip-declined", From: "LIS", To: "NRT", Nights: 5, Card: "declined"},
	} {
		fmt.Printf("== %s (card %s)\n", t.ID, t.Card)
		if _, err := runtime.Start(ctx, e, t.ID, BookTrip, t); err != nil {
			return err
		}
		it, err := runtime.Result[Itinerary](ctx, e, t.ID)
		var ie *runtime.InstanceError
		switch {
		case err == nil:
			data, _ := json.Marshal(it)
			fmt.Printf("  booked: %s\n\n", data)
		case errors.As(err, &ie):
			fmt.Printf("  %s: %v\n", ie.Status, ie.Err)
			fmt.Printf("  errors.Is(err, ErrCardDeclined) = %v\n\n", errors.Is(err, ErrCardDeclined))
		default:
			return err
		}
	}
	return nil
}

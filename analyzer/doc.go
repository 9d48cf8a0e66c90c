// Package analyzer defines an Analyzer that reports workflow code durgen
// cannot make durable.
//
// # Analyzer durgen
//
// report what cannot survive a checkpoint in //durgen:workflow functions
//
// A durgen workflow is split at its await points (durgen.Await, Sleep,
// SleepUntil, Receive, Select, Future.Get and calls of other workflows) into
// continuations, and the locals live across each await are saved to a store
// and restored, maybe days later and on another machine. This analyzer
// reports, at compile time and with a way out, what would break. The
// generator runs the same checks (package internal/workflow) and refuses the
// same code with the same text. Each diagnostic's category is its check.
//
// # persist
//
// A local live across an await whose type cannot be stored faithfully:
// channels, funcs, unsafe pointers, complex numbers, interfaces other than
// error that are not marked //durgen:persist (see below), an error inside
// another value, structs with unexported fields and no
// MarshalJSON/MarshalText/MarshalBinary, maps whose key is not a string,
// integer or TextMarshaler, and handles (*sql.DB, *sql.Tx, *sql.Conn,
// *sql.Rows, net.Conn, *os.File, *http.Client, *http.Response,
// context.Context, sync.Mutex and the other sync values, runtime timers). It
// is reported at the local's declaration, naming the await it crosses and
// the offending part of the value:
//
//	x.go:12:2: req (Request) is live across durgen.Sleep (line 14) and cannot be persisted: req.client.conn is net.Conn, a network connection; open it inside an activity or inject it through the activity receiver
//
// An interface may live across awaits (as a local, or inside one: a field,
// a slice element, a map value) when its declaration opts in with the
// directive //durgen:persist in its doc comment, and the program registers
// its concrete types with durgen.RegisterType; the frame then stores each
// value with its dynamic type:
//
//	// Method is how an order is paid.
//	//
//	//durgen:persist
//	type Method interface{ Fee(amount int) int }
//
//	func init() { durgen.RegisterType[Method](Card{}, &Wire{}) }
//
// The directive is read from the declaration's file, also for an interface
// of another package. An unmarked interface is reported with this way out:
//
//	x.go:20:6: m (Method) is live across durgen.Sleep (line 22) and cannot be persisted: it is an interface not marked //durgen:persist, whose dynamic type would be lost; add //durgen:persist to the doc comment of Method and register its concrete types with durgen.RegisterType[Method](...) in an init func, or keep a concrete type across the await
//
// The types passed to durgen.RegisterType are checked like locals, its
// type argument must be an interface, and //durgen:persist on a type that
// is not an interface is reported. A dynamic type that is not registered
// when a frame is saved fails the step with an error naming the type and
// the registration to add.
//
// The inputs and results of awaited activities, signals and child workflows
// are checked the same way, except that they may not hold interfaces, marked
// or not: the runtime records them as plain JSON. Keep handles in the
// receiver of an activity struct registered with the worker, or in the
// receiver of a workflow method: receivers are injected, never persisted.
// durgen.Future and durgen.Option values are plain data.
//
// # alias
//
// A pointer to a local (p := &x) live across an await together with the
// local, or two pointers into one local: a resume restores them as separate
// values, and writes through one no longer show through the other. So are
// two locals that share a map, a slice's array or a pointed-to value (also
// as the dynamic value of an interface) across an await, when the body
// writes through one of them. A call's result is taken to share the storage
// of its receiver and arguments when its type can hold a part of theirs (m :=
// t.Counts() may be t's own map; a []string is no part of a map[string]int),
// unless the call is known to return storage of its own: make, new, a
// conversion from a string, an await, and strings.Split, SplitN,
// SplitAfter, SplitAfterN, Fields, FieldsFunc, bytes.Clone, Join, Repeat,
// Runes, ToLower, ToUpper, json.Marshal and MarshalIndent, and slices.Clone,
// Concat, Repeat and maps.Clone when the elements share nothing. Writes made
// inside a callee are not looked at: t.Add("k") does not count as a write
// through t.
//
// # await
//
// An await that cannot be resumed: in a goroutine, a function literal, the
// arguments of a defer statement, a select statement, the body of a
// range-over-func loop, or a function that takes a durgen.Context but is
// not a workflow (make it a workflow and call it as a child, or inline it).
// A deferred durgen.Await of an activity is allowed: it runs durably when the
// workflow returns.
//
// # effect
//
// A side effect in workflow code, which runs again when a worker dies before
// the next checkpoint: network, HTTP, database, file-system, process and
// system calls, time.Sleep and runtime timers, go statements and channel
// operations, also when reached through a function of the same package
// (notify calls http.Post, line 88). Move it into an activity and await it.
//
// # stale
//
// A warning: a value stored faithfully that means something else after a
// suspension. A time.Now reading taken before an await and used after it in
// duration arithmetic (time.Since, Sub, Before, ...) is stale: its monotonic
// clock is dropped, the resume may run on another machine, and direct mode
// does not wait; use durgen.Now(ctx). A random or time-based value, or one
// named like a token, nonce, session or signed URL, made before a long wait
// (Sleep, SleepUntil, Receive) and passed to an activity after it has often
// expired. The classic case:
//
//	//durgen:workflow
//	func Remind(ctx durgen.Context, u User) error {
//		token, err := durgen.Await(ctx, IssueLoginToken, u.ID) // valid for 24h
//		if err != nil {
//			return err
//		}
//		if err := durgen.Sleep(ctx, 10*24*time.Hour); err != nil {
//			return err
//		}
//		_, err = durgen.Await(ctx, SendReminder, Reminder{u.Email, token}) // expired 9 days ago
//		return err
//	}
//
// Issue the token after the sleep, or inside SendReminder.
//
// # signature
//
// A workflow is func(ctx durgen.Context, in I) (O, error) or
// func(ctx durgen.Context, in I) error, with I and O persistable, and is not
// generic.
//
// # engine
//
// A call into the engine or the store (packages
// github.com/durgen/durgen/runtime/... and /machine), Context.State, or
// durgen.Direct from workflow code.
//
// # split
//
// What the generator cannot compile into a state machine. A deferred call
// is recorded in the frame as data and made when the workflow returns, so
// it must be a durgen.Await of an activity or a call of a package-level,
// non-generic function whose arguments are persistable: a deferred
// function literal, method call or function value is refused (defer a
// package-level function that takes what it needs). The activity of an
// await must be a named function, which the runtime finds by name after a
// restart. A value that can share memory (a map, slice, pointer, channel,
// func, an interface other than error, or a struct or array holding one)
// that a call makes before an await of the same statement is refused: the
// generator would keep it in a temporary across the await, and the copy a
// resume restores shares nothing (record(t.counts(), f(await)): assign it to
// a local first). The few await forms the generator does not take yet (the list,
// which shrinks as the generator grows, is in internal/workflow's
// check_split.go) are refused with the way to write them.
//
// # Selecting checks
//
// The -checks flag lists the checks to report: a comma-separated list of
// names, or all (the default), optionally followed by exclusions, as in
// -checks=all,-stale.
//
// # Suppressing a finding
//
// A finding that does not apply is silenced with a comment on its line or
// the line before, naming the check and the reason:
//
//	//durgen:ignore effect the log file is local scratch, rewritten on every run
//
// A suppression without a reason, or naming an unknown check, is itself
// reported (category ignore).
package analyzer

package persist

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/durgen/durgen"
)

type Order struct {
	ID     string
	Amount int
}

type Receipt struct{ ID string }

type client struct{ conn net.Conn }

type Request struct {
	Order  Order
	Client *client
}

type Point struct{ X, Y int }

type secret struct{ key string }

type wire struct {
	ID    string
	cache map[string]string `json:"-"`
}

func charge(ctx context.Context, o Order) (Receipt, error)          { return Receipt{}, nil }
func fetch(ctx context.Context, url string) (*http.Response, error) { return nil, nil }
func openDB() *sql.DB                                               { return nil }
func newRequest() Request                                           { return Request{} }
func cachedResponse() *http.Response                                { return nil }
func use(...any)                                                    {}

//durgen:workflow
func DBAcrossSleep(ctx durgen.Context, o Order) (Receipt, error) {
	db := openDB() // want `db \(\*sql\.DB\) is live across durgen\.Sleep \(line 49\) and cannot be persisted: it is a database handle; open it inside an activity or inject it through the activity receiver`
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return Receipt{}, err
	}
	use(db)
	return Receipt{}, nil
}

//durgen:workflow
func FieldPath(ctx durgen.Context, o Order) (Receipt, error) {
	req := newRequest() // want `req \(Request\) is live across durgen\.Await \(line 59\) and cannot be persisted: req\.Client\.conn is net\.Conn, a network connection; open it inside an activity`
	r, err := durgen.Await(ctx, charge, req.Order)
	use(req.Client)
	return r, err
}

//durgen:workflow
func ManyKinds(ctx durgen.Context, o Order) (Receipt, error) {
	done := make(chan struct{})      // want `done \(chan struct\{\}\) is live across durgen\.Sleep \(line 75\) and cannot be persisted: it is a channel; wait for external events with durgen\.Receive`
	f := func() int { return 1 }     // want `f \(func\(\) int\) is live across durgen\.Sleep .* it is a func value`
	var mu sync.Mutex                // want `mu \(sync\.Mutex\) is live across durgen\.Sleep .* it is a lock; locks and counters are not held across a suspension`
	var v any = 1                    // want `v \(any\) is live across durgen\.Sleep .* it is an interface not marked //durgen:persist, whose dynamic type would be lost; keep a concrete type across the await, or declare an interface type of your own with //durgen:persist in its doc comment and register its concrete types with durgen\.RegisterType in an init func`
	seen := map[Point]bool{}         // want `seen \(map\[Point\]bool\) .* it is a map with key type persist\.Point, which cannot be a JSON object key`
	s := secret{"k"}                 // want `s \(secret\) .* s\.key is an unexported field of secret, which is not stored; export the field, or give secret MarshalJSON and UnmarshalJSON methods`
	errs := []error{errors.New("x")} // want `errs \(\[\]error\) .* errs\[i\] is error, an error inside another value`
	gctx := context.Background()     // want `gctx \(context\.Context\) .* it is a Go context`
	c := durgen.WithoutCancel(ctx)   // want `c \(durgen\.Context\) .* it is a durgen\.Context other than the workflow's parameter`
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return Receipt{}, err
	}
	mu.Lock()
	use(done, f, v, seen, s, errs, gctx, c)
	return Receipt{}, nil
}

//durgen:workflow
func ActivityResult(ctx durgen.Context, url string) (int, error) {
	resp, err := durgen.Await(ctx, fetch, url) // want `the result of the activity fetch \(\*http\.Response\) cannot be persisted, and the runtime records it: it is an HTTP response with an open body`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

//durgen:workflow
func Builder(ctx durgen.Context, o Order) (string, error) {
	var sb strings.Builder // want `sb \(strings\.Builder\) is live across durgen\.Sleep \(line \d+\) and cannot be persisted: sb\.addr is an unexported field of strings\.Builder, which is not stored; keep what you need from it in a type of your own with exported fields`
	sb.WriteString(o.ID)
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return "", err
	}
	return sb.String(), nil
}

var mu sync.Mutex

type store struct {
	mu   sync.RWMutex
	data map[string]int
}

var st = &store{}

//durgen:workflow
func HeldLock(ctx durgen.Context, o Order) (Receipt, error) {
	mu.Lock() // want `mu is locked across durgen\.Await \(line \d+\): a lock lives in one process's memory and is not held by a suspended workflow; unlock it before the await, or take the lock inside an activity`
	defer mu.Unlock()
	return durgen.Await(ctx, charge, o)
}

//durgen:workflow
func HeldRLock(ctx durgen.Context, o Order) (Receipt, error) {
	st.mu.RLock() // want `st\.mu is locked across durgen\.Sleep`
	n := st.data[o.ID]
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return Receipt{}, err
	}
	st.mu.RUnlock()
	use(n)
	return Receipt{}, nil
}

// Not flagged below.

//durgen:workflow
func LockBetweenAwaits(ctx durgen.Context, o Order) (Receipt, error) {
	r, err := durgen.Await(ctx, charge, o)
	st.mu.Lock()
	st.data[o.ID]++
	st.mu.Unlock()
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return r, err
	}
	return r, err
}

//durgen:workflow
func ErrorAcross(ctx durgen.Context, o Order) (Receipt, error) {
	r, err := durgen.Await(ctx, charge, o)
	if err2 := durgen.Sleep(ctx, time.Minute); err2 != nil {
		return r, err2
	}
	return r, err
}

//durgen:workflow
func ResponseBetweenAwaits(ctx durgen.Context, o Order) (Receipt, error) {
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return Receipt{}, err
	}
	resp := cachedResponse()
	status := resp.StatusCode
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return Receipt{}, err
	}
	use(status)
	return Receipt{}, nil
}

//durgen:workflow
func DBBeforeFirstAwait(ctx durgen.Context, o Order) (Receipt, error) {
	db := openDB()
	use(db)
	return durgen.Await(ctx, charge, o)
}

// Payments is an activity struct: its receiver holds the handles, injected
// by the worker and never persisted.
type Payments struct {
	DB   *sql.DB
	HTTP *http.Client
}

func (p *Payments) Charge(ctx context.Context, o Order) (Receipt, error) {
	_, err := p.DB.ExecContext(ctx, "insert into charges values (?)", o.ID)
	return Receipt{ID: o.ID}, err
}

var payments = &Payments{}

//durgen:workflow
func ViaActivityReceiver(ctx durgen.Context, o Order) (Receipt, error) {
	return durgen.Await(ctx, payments.Charge, o)
}

// Flows holds workflows as methods; the worker supplies the receiver.
type Flows struct{ DB *sql.DB }

//durgen:workflow
func (f *Flows) Refund(ctx durgen.Context, o Order) (Receipt, error) {
	r, err := durgen.Await(ctx, charge, o)
	if err != nil {
		return r, err
	}
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return r, err
	}
	use(f.DB)
	return r, nil
}

//durgen:workflow
func PlainData(ctx durgen.Context, o Order) (Receipt, error) {
	start := durgen.Now(ctx)
	fut := durgen.Go(ctx, charge, o)
	opts := []durgen.Option{durgen.Timeout(time.Minute)}
	byID := map[string]Order{o.ID: o}
	counts := map[int]int{}
	w := wire{ID: "x"}
	var p *Order = &Order{}
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return Receipt{}, err
	}
	r, err := fut.Get(ctx)
	use(start, opts, byID, counts, w, p)
	return r, err
}

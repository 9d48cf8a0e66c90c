// Package supported holds the constructs the transform supports (issue 3):
// none of them may be reported.
package supported

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/durgen/durgen"
)

type Item struct {
	SKU   string `json:"sku"`
	Count int    `json:"count"`
}

type Order struct {
	ID    string
	Items []Item
	Meta  map[string]string
	Due   time.Time
	Price *big.Int
	Tags  [2]string
	Next  *Order
}

type Shape interface{ Area() float64 }

type Square struct{ Side float64 }

func (s Square) Area() float64 { return s.Side * s.Side }

var ErrEmpty = errors.New("empty")

func double(ctx context.Context, n int) (int, error)           { return 2 * n, nil }
func check(ctx context.Context, o Order) (bool, error)         { return true, nil }
func release(ctx context.Context, id string) (struct{}, error) { return struct{}{}, nil }
func log(format string, args ...any)                           { fmt.Printf(format, args...) }

type Svc struct{ prefix string }

func (s *Svc) Label(ctx context.Context, id string) (string, error) { return s.prefix + id, nil }

var svc = &Svc{}

//durgen:workflow
func Expressions(ctx durgen.Context, n int) (total int, err error) {
	a, b := must(durgen.Await(ctx, double, n)), n+1
	total = a*b + must(durgen.Await(ctx, double, b))
	if ok, _ := durgen.Await(ctx, check, Order{ID: "x"}); ok && total > 0 {
		total++
	}
	xs := []int{must(durgen.Await(ctx, double, 1)), must(durgen.Await(ctx, double, 2))}
	total += xs[must(durgen.Await(ctx, double, 0))]
	return
}

func must(n int, err error) int { return n }

//durgen:workflow
func ControlFlow(ctx durgen.Context, o Order) (string, error) {
	var sb string
	seen := map[string]int{}
outer:
	for i, it := range o.Items {
		switch k, err := durgen.Await(ctx, double, it.Count); {
		case err != nil:
			return "", err
		case k > 10:
			break outer
		case k == 0:
			continue
		default:
			seen[it.SKU] += k
		}
		for j := range 3 {
			if err := durgen.Sleep(ctx, time.Duration(i+j)*time.Second); err != nil {
				return "", err
			}
		}
	}
	for sku, k := range seen {
		if _, err := durgen.Await(ctx, double, k); err != nil {
			return "", fmt.Errorf("%s: %w", sku, err)
		}
	}
	for _, r := range "héllo" {
		sb += string(r)
		if err := durgen.Sleep(ctx, time.Millisecond); err != nil {
			return "", err
		}
	}
	i := 0
loop:
	if i < 3 {
		if _, err := durgen.Await(ctx, double, i); err != nil {
			goto done
		}
		i++
		goto loop
	}
done:
	return sb, nil
}

//durgen:workflow
func ShadowsAndErrors(ctx durgen.Context, o Order) (int, error) {
	x := 1
	var lastErr error
	{
		x := 2
		k, err := durgen.Await(ctx, double, x)
		if errors.Is(err, ErrEmpty) {
			lastErr = err
		}
		x += k
	}
	var s Shape = Square{2}
	area := s.Area() // s is dead before the await
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	var it any = o
	switch v := it.(type) {
	case Order:
		x += len(v.ID)
	}
	if lastErr != nil {
		return x, lastErr
	}
	return x + int(area), nil
}

//durgen:workflow
func ClosuresAndDefers(ctx durgen.Context, o Order) (string, error) {
	defer durgen.Await(ctx, release, o.ID)
	defer log("done %s\n", o.ID)
	upper := func(s string) string { return strings.ToUpper(s) }
	id := upper(o.ID)
	label := svc.Label // a method value, dead before the await
	l, _ := label(context.Background(), id)
	k, err := durgen.Await(ctx, svc.Label, id)
	if err != nil {
		return "", err
	}
	durgen.Compensate(ctx, release, k)
	now := durgen.Now(ctx)
	due := o.Due
	if err := durgen.SleepUntil(ctx, due); err != nil {
		return "", err
	}
	log("%s late by %v", l, durgen.Now(ctx).Sub(now))
	return k, nil
}

//durgen:workflow
func Futures(ctx durgen.Context, ids []string) ([]string, error) {
	futs := map[string]durgen.Future[string]{}
	var all []durgen.Future[string]
	for _, id := range ids {
		f := durgen.Go(ctx, svc.Label, id)
		futs[id] = f
		all = append(all, f)
	}
	timer := durgen.Timer(ctx, time.Hour)
	if _, err := durgen.Select(ctx, all[0], timer); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		s, err := futs[id].Get(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	approval, err := durgen.ReceiveWithin[bool](ctx, "approve", 24*time.Hour)
	if err != nil || !approval {
		return nil, err
	}
	child, err := ControlFlow(ctx, Order{ID: out[0]})
	if err != nil {
		return nil, err
	}
	spawned := durgen.Spawn(ctx, ShadowsAndErrors, Order{ID: child})
	n, err := spawned.Get(ctx)
	return append(out, fmt.Sprint(n)), err
}

// Flow holds a method workflow: its receiver is injected.
type Flow struct{ svc *Svc }

//durgen:workflow
func (f *Flow) Run(ctx durgen.Context, id string) (string, error) {
	s, err := durgen.Await(ctx, f.svc.Label, id)
	if err != nil {
		return "", err
	}
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return "", err
	}
	return durgen.Await(ctx, f.svc.Label, s)
}

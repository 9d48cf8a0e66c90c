package persist

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/durgen/durgen"
	"persistdep"
)

// Shape is kept across awaits: marked, and its types registered below.
//
//durgen:persist
type Shape interface{ Area() int }

// Sized is not marked.
type Sized interface{ Size() int }

type Square struct{ Side int }

func (s Square) Area() int { return s.Side * s.Side }
func (s Square) Size() int { return s.Side }

type Drawing struct {
	Shapes []Shape
	ByName map[string]Shape
	Main   *Shape
}

type wired struct{ conn net.Conn }

func (wired) Area() int { return 0 }

// Label is marked, but is not an interface.
//
//durgen:persist // want `//durgen:persist marks an interface type whose locals may live across awaits, and Label is not an interface: remove the directive, or put it on the interface Label is stored in and register Label with durgen\.RegisterType`
type Label string

func init() {
	durgen.RegisterType[Shape](Square{}, &Square{})
	durgen.RegisterType[persistdep.Method](persistdep.Card{})
	durgen.RegisterType[Shape](wired{}) // want `wired is registered with durgen\.RegisterType\[Shape\] but cannot be persisted: wired\.conn is net\.Conn, a network connection; open it inside an activity or inject it through the activity receiver`
	durgen.RegisterType(Square{})       // want `durgen\.RegisterType\[Square\] registers the types of an interface's values, and Square is not an interface: name the interface the values are stored in, as in durgen\.RegisterType\[Method\]\(Square\{\}\)`
}

func area(ctx context.Context, n int) (int, error) { return n, nil }

// Flagged.

//durgen:workflow
func UnmarkedLocal(ctx durgen.Context, n int) (int, error) {
	var s Sized = Square{n} // want `s \(Sized\) is live across durgen\.Sleep \(line \d+\) and cannot be persisted: it is an interface not marked //durgen:persist, whose dynamic type would be lost; add //durgen:persist to the doc comment of Sized and register its concrete types with durgen\.RegisterType\[Sized\]\(\.\.\.\) in an init func, or keep a concrete type across the await`
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	return s.Size(), nil
}

//durgen:workflow
func UnmarkedElsewhere(ctx durgen.Context, n int) (int, error) {
	var notify persistdep.Notifier  // want `notify \(persistdep\.Notifier\) is live across durgen\.Await .* it is an interface not marked //durgen:persist, whose dynamic type would be lost; add //durgen:persist to the doc comment of persistdep\.Notifier \(in package persistdep\) and register its concrete types with durgen\.RegisterType\[persistdep\.Notifier\]\(\.\.\.\)`
	var str fmt.Stringer            // want `str \(fmt\.Stringer\) is live across durgen\.Await .* it is an interface not marked //durgen:persist, whose dynamic type would be lost; keep a concrete type across the await, or declare an interface type of your own`
	in := struct{ Parts []Sized }{} // want `in \(struct\{Parts \[\]Sized\}\) is live across durgen\.Await .* in\.Parts\[i\] is Sized, an interface not marked //durgen:persist`
	a, err := durgen.Await(ctx, area, n)
	use(notify, str, in)
	return a, err
}

func pickShape(ctx context.Context, n int) (Shape, error) { return Square{n}, nil }

//durgen:workflow
func MarkedButRecorded(ctx durgen.Context, n int) (int, error) {
	s, err := durgen.Await(ctx, pickShape, n) // want `the result of the activity pickShape \(Shape\) cannot be persisted, and the runtime records it: it is an interface, whose dynamic type is lost when it is stored; use a concrete type: the runtime records activity inputs and results, signals and workflow inputs and outputs as plain JSON, and only a workflow's locals may hold an interface marked //durgen:persist`
	if err != nil {
		return 0, err
	}
	return s.Area(), nil
}

// Not flagged below.

//durgen:workflow
func MarkedLocal(ctx durgen.Context, n int) (int, error) {
	var s Shape = Square{n}
	var none Shape
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	if none != nil {
		return none.Area(), nil
	}
	return s.Area(), nil
}

//durgen:workflow
func MarkedNested(ctx durgen.Context, n int) (int, error) {
	var first Shape = &Square{n}
	d := Drawing{Shapes: []Shape{Square{1}, first}, ByName: map[string]Shape{"a": Square{2}}, Main: &first}
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	return d.Shapes[1].Area() + d.ByName["a"].Area(), nil
}

//durgen:workflow
func MarkedElsewhere(ctx durgen.Context, n int) (int, error) {
	var m persistdep.Method = persistdep.Card{Number: "4242"}
	methods := []persistdep.Method{m}
	a, err := durgen.Await(ctx, area, n)
	if err != nil {
		return 0, err
	}
	return a + m.Fee(n) + len(methods), nil
}

//durgen:workflow
func UnmarkedBetweenAwaits(ctx durgen.Context, n int) (int, error) {
	a, err := durgen.Await(ctx, area, n)
	if err != nil {
		return 0, err
	}
	var s Sized = Square{a}
	size := s.Size()
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	return size, nil
}

// Flagged: an interface value and a local share what it points to.

//durgen:workflow
func SharedThroughInterface(ctx durgen.Context, n int) (int, error) {
	sq := &Square{Side: n}
	var s Shape = sq // want `s shares its dynamic value with sq, and both are live across durgen\.Sleep at line \d+: a checkpoint saves each on its own, so after a resume a write through one would not show in the other`
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	sq.Side++
	return s.Area(), nil
}

//durgen:workflow
func SharedByAssertion(ctx durgen.Context, n int) (int, error) {
	var s Shape = &Square{Side: n}
	sq := s.(*Square) // want `sq shares a pointed-to value with s, and both are live across durgen\.Sleep`
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	sq.Side++
	return s.Area(), nil
}

// Not flagged: shared but only read.

//durgen:workflow
func SharedReadOnly(ctx durgen.Context, n int) (int, error) {
	sq := &Square{Side: n}
	var s Shape = sq
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	return s.Area() + sq.Side, nil
}

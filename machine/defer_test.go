package machine

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/durgen/durgen"
)

var errDeferSentinel = errors.New("defer sentinel")

func init() { durgen.RegisterError(errDeferSentinel) }

// TestDefersRoundTrip stores deferred calls and a delayed return as a frame
// field does, reads them back, and takes them last first.
func TestDefersRoundTrip(t *testing.T) {
	var d Defers
	var nilErr error
	d.Push(1, Arg("a"), Arg(3), Arg(fmt.Errorf("wrapped: %w", errDeferSentinel)), Arg(nilErr))
	d.Call(2, Command{Kind: KindCall, Name: "pkg.Act", Input: json.RawMessage(`"x"`),
		Options: []durgen.Option{durgen.Timeout(time.Second)}, NoCancel: true})
	d.Return(Command{Kind: KindReturn, Output: json.RawMessage(`"out"`), Err: fmt.Errorf("failed: %w", errDeferSentinel)})

	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Defers
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Len() != 2 {
		t.Fatalf("%d calls back from %s, want 2", back.Len(), data)
	}
	c, ok := back.Next()
	if !ok || c.Site != 2 {
		t.Fatalf("first call back is site %d (%v), want the last deferred, site 2", c.Site, ok)
	}
	cmd := c.Call()
	if cmd.Kind != KindCall || cmd.Name != "pkg.Act" || string(cmd.Input) != `"x"` || !cmd.NoCancel || len(cmd.Options) != 1 || cmd.Options[0].Timeout != time.Second {
		t.Fatalf("activity command back is %+v", cmd)
	}
	c, ok = back.Next()
	if !ok || c.Site != 1 {
		t.Fatalf("second call back is site %d (%v), want 1", c.Site, ok)
	}
	var (
		s    string
		n    int
		e1   error
		none error
	)
	if err := c.Decode(&s, &n, &e1, &none); err != nil {
		t.Fatal(err)
	}
	if s != "a" || n != 3 || e1 == nil || e1.Error() != "wrapped: defer sentinel" || !errors.Is(e1, errDeferSentinel) || none != nil {
		t.Fatalf("arguments back: %q %d %v %v", s, n, e1, none)
	}
	if err := c.Decode(&s); err == nil {
		t.Fatal("decoding 4 arguments into 1 succeeded")
	}
	if _, ok := back.Next(); ok {
		t.Fatal("a third call came back")
	}
	ret := back.Done()
	if ret.Kind != KindReturn || string(ret.Output) != `"out"` || !errors.Is(ret.Err, errDeferSentinel) || ret.Err.Error() != "failed: defer sentinel" {
		t.Fatalf("return back is %+v", ret)
	}
}

// TestDefersBeforeReturn checks that a frame saved before the workflow
// returned has no return to give.
func TestDefersBeforeReturn(t *testing.T) {
	var d Defers
	d.Push(1)
	data, _ := json.Marshal(d)
	var back Defers
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Done before Return did not panic")
		}
	}()
	back.Done()
}

// Package utf8: found while building FuzzTransform's program generator. A
// string local that holds bytes that are not valid UTF-8, live across an
// await: the frame stores it as a JSON string, and encoding/json replaces
// each invalid byte with U+FFFD, so after a resume the string has other
// bytes and another length. The persist check accepts every string; the
// workflow returns a different result as a state machine than in direct
// mode. An activity's input takes the same path in machine mode: a string
// argument with such bytes reaches the activity changed (FuzzTransform saw
// Even("a\xc3") called with "a\ufffd"). (A []byte, or a string stored as
// base64 or \x escapes, would keep the bytes.)
package utf8

import (
	"context"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

// Bytes keeps a string of raw bytes across an await.
//
//durgen:workflow
func Bytes(ctx durgen.Context, n int) ([]byte, error) {
	s := "a\xff" + string(rune(n))
	durgen.Await(ctx, Inc, n)
	return []byte(s), nil // direct mode: [97 255 n]
}

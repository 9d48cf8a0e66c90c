// Package stringbytes: a string holding bytes that are not valid UTF-8,
// live across awaits, must come back byte for byte after a resume (a JSON
// string would turn each bad byte into U+FFFD); ranging over it yields
// U+FFFD for each bad byte, at its own offset.
package stringbytes

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Len is an activity.
func Len(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Len", n)
	return n, nil
}

// Bytes builds a string with bad bytes and inspects it across awaits.
//
//durgen:workflow
func Bytes(ctx durgen.Context, s string) (string, error) {
	raw := s + "\xff\xfe" + string([]byte{0xe4, 0xb8}) + "end"
	l, _ := durgen.Await(ctx, Len, len(raw))
	var offsets []int
	var runes []rune
	for i, r := range raw {
		durgen.Await(ctx, Len, i)
		offsets = append(offsets, i)
		runes = append(runes, r)
	}
	return fmt.Sprintf("%d %q %v %q", l, raw, offsets, string(runes)), nil
}

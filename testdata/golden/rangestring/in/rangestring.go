// Package rangestring: range over a string yields runes at byte offsets;
// multi-byte runes advance the index by their length, and the string
// variable reassigned in the body does not change the iteration.
package rangestring

import (
	"context"
	"fmt"
	"unicode"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Class is an activity: the class of a rune.
func Class(ctx context.Context, r rune) (string, error) {
	trace.Record(ctx, "Class", string(r))
	switch {
	case unicode.IsDigit(r):
		return "d", nil
	case unicode.IsUpper(r):
		return "U", nil
	case r > unicode.MaxASCII:
		return "*", nil
	}
	return "l", nil
}

// Runes classifies the runes of s.
//
//durgen:workflow
func Runes(ctx durgen.Context, s string) (string, error) {
	out := ""
	for i, r := range s {
		c, _ := durgen.Await(ctx, Class, r)
		out += fmt.Sprintf("%d%s%c ", i, c, r)
		s = "x"
	}
	for i := range s + "é" {
		durgen.Await(ctx, Class, rune('0'+i))
	}
	return out + s, nil
}

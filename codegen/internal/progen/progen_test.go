package progen

import (
	"bytes"
	"fmt"
	"testing"
)

// TestDeterministic: a program is a function of its seed.
func TestDeterministic(t *testing.T) {
	for i := 0; i < 200; i++ {
		seed := []byte(fmt.Sprint(i))
		a := Generate("p", seed, Features{})
		b := Generate("p", seed, Features{})
		if !bytes.Equal(a.Source, b.Source) {
			t.Fatalf("seed %d: two different programs", i)
		}
	}
}

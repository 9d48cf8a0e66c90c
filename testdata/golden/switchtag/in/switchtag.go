// Package switchtag: a switch whose tag awaits, once; a switch whose init
// awaits and whose tag is the awaited value.
package switchtag

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Kind is an activity: the kind of a file name; it fails without a dot.
func Kind(ctx context.Context, name string) (string, error) {
	trace.Record(ctx, "Kind", name)
	i := strings.LastIndex(name, ".")
	if i < 0 {
		return "", errors.New("no extension")
	}
	return name[i+1:], nil
}

func str(s string, err error) string {
	if err != nil {
		return "?"
	}
	return s
}

// Open decides how to open a file.
//
//durgen:workflow
func Open(ctx durgen.Context, name string) (string, error) {
	var how string
	switch str(durgen.Await(ctx, Kind, name)) {
	case "go", "c":
		how = "compile"
	case "txt":
		durgen.Sleep(ctx, time.Minute)
		how = "read"
	case "?":
		how = "guess"
	default:
		how = "open"
	}
	switch k := str(durgen.Await(ctx, Kind, strings.ToLower(name))); k {
	case "gz":
		inner := str(durgen.Await(ctx, Kind, strings.TrimSuffix(name, ".gz")))
		how += " then unzip " + inner
	default:
		how += " as " + k
	}
	return how, nil
}

// Package cli is the durgen command. Main takes the arguments and the output
// streams and returns the exit code, so the command runs in-process in tests.
package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/durgen/durgen/codegen"
)

const usage = `durgen compiles //durgen:workflow functions into resumable state machines.

Usage:

	durgen [packages]         generate <file>_durgen.go for each file with workflows
	durgen check [packages]   exit 1 if a generated file is stale, missing or orphaned
	durgen vet [packages]     report what cannot be made durable
	durgen help               show this text

Packages are go list patterns; the default is the current directory (".", as
go generate runs it). Diagnostics are printed as file:line:col: message.
`

// Main runs the durgen command with args and returns its exit code: 0 on
// success, 1 when durgen refuses the code or finds stale output, 2 on bad
// usage.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(args[1:], stdout, stderr)
		case "vet":
			return runVet(args[1:], stdout, stderr)
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		case "gen", "generate":
			args = args[1:]
		}
	}
	return runGen(args, stdout, stderr)
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("durgen "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

// runGen writes the generated files of the packages; files whose content is
// unchanged are not touched, and generated files whose source no longer has
// workflows are removed.
func runGen(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("gen", stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	plan, code := planFor(fs.Args(), stderr)
	if plan == nil {
		return code
	}
	for _, f := range plan.files {
		old, err := os.ReadFile(f.Path)
		if err == nil && bytes.Equal(old, f.Source) {
			continue
		}
		if err := os.WriteFile(f.Path, f.Source, 0o666); err != nil {
			fmt.Fprintf(stderr, "durgen: %v\n", err)
			return 1
		}
	}
	for _, path := range plan.orphans {
		if err := os.Remove(path); err != nil {
			fmt.Fprintf(stderr, "durgen: %v\n", err)
			return 1
		}
	}
	return 0
}

// runCheck reports generated files that differ from what durgen would write.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	plan, code := planFor(fs.Args(), stderr)
	if plan == nil {
		return code
	}
	var stale []string
	for _, f := range plan.files {
		old, err := os.ReadFile(f.Path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			stale = append(stale, fmt.Sprintf("%s: missing; run go generate", rel(f.Path)))
		case err != nil:
			stale = append(stale, fmt.Sprintf("%s: %v", rel(f.Path), err))
		case !bytes.Equal(old, f.Source):
			stale = append(stale, fmt.Sprintf("%s: stale; run go generate", rel(f.Path)))
		}
	}
	for _, path := range plan.orphans {
		stale = append(stale, fmt.Sprintf("%s: its source has no workflows; run go generate to remove it", rel(path)))
	}
	sort.Strings(stale)
	for _, s := range stale {
		fmt.Fprintln(stderr, s)
	}
	if len(stale) > 0 {
		return 1
	}
	return 0
}

// plan is what a generation would do.
type plan struct {
	files   []*codegen.File
	orphans []string
}

// planFor loads the packages and generates their files in memory. It returns
// nil and the exit code if durgen refuses or fails.
func planFor(patterns []string, stderr io.Writer) (*plan, int) {
	pkgs, err := codegen.Load("", patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "durgen: %v\n", err)
		return nil, 1
	}
	files, err := codegen.Generate(pkgs)
	if err != nil {
		var diags codegen.Diagnostics
		if errors.As(err, &diags) {
			for _, d := range diags {
				fmt.Fprintf(stderr, "%s:%d:%d: %s\n", rel(d.Pos.Filename), d.Pos.Line, d.Pos.Column, d.Message)
			}
		} else {
			fmt.Fprintln(stderr, err)
		}
		return nil, 1
	}
	p := &plan{files: files}
	want := map[string]bool{}
	for _, f := range files {
		want[f.Path] = true
	}
	seen := map[string]bool{}
	for _, pkg := range pkgs {
		dirs := map[string]bool{}
		for _, f := range append(append([]string{}, pkg.GoFiles...), pkg.IgnoredFiles...) {
			dirs[filepath.Dir(f)] = true
		}
		for dir := range dirs {
			matches, _ := filepath.Glob(filepath.Join(dir, "*"+codegen.Suffix))
			for _, m := range matches {
				if !want[m] && !seen[m] && isGenerated(m) {
					seen[m] = true
					p.orphans = append(p.orphans, m)
				}
			}
		}
	}
	sort.Strings(p.orphans)
	return p, 0
}

// isGenerated reports whether the file at path starts with durgen's header.
func isGenerated(path string) bool {
	data, err := os.ReadFile(path)
	return err == nil && strings.HasPrefix(string(data), codegen.Header)
}

// rel shortens path relative to the working directory when it is inside it.
func rel(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if r, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

var _ = packages.NeedName

// Package vet runs the workflow checks on packages loaded from source: the
// engine of `durgen vet`. It loads the packages with go/packages, runs
// workflow.Check on each, and prints every diagnostic once, sorted, as
// "file:line:col: message". It writes nothing else and touches no file.
package vet

import (
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/durgen/durgen/internal/workflow"
)

// LoadMode is what the checks need from go/packages.
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
	packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports

// Exit codes of Vet.
const (
	// OK: no diagnostic of severity error (warnings may have been printed).
	OK = 0
	// Refused: at least one error diagnostic.
	Refused = 1
	// Failed: the packages could not be loaded or type-checked.
	Failed = 2
)

// Finding is one diagnostic with its resolved position.
type Finding struct {
	Position token.Position
	workflow.Diagnostic
}

// String formats f as "file:line:col: message", the file relative to the
// working directory when it is inside it (as the generator prints it).
func (f Finding) String() string {
	p := f.Position
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, p.Filename); err == nil && !strings.HasPrefix(r, "..") {
			p.Filename = r
		}
	}
	return fmt.Sprintf("%s: %s", p, f.Message)
}

// Run loads the packages matching patterns, relative to dir (the current
// directory if empty), and returns the findings of workflow.Check on all of
// them, sorted by file, line and column, without duplicates. Errors loading
// or type-checking a package are returned as err; a package with type
// errors is not checked.
func Run(patterns []string, dir string) ([]Finding, error) {
	// The durgen tag leaves out generated files (they carry the constraint
	// !durgen), as the generator's load does: a stale generated file must
	// not stop the check of the code it was generated from, and the
	// generator and durgen vet see the same files.
	cfg := &packages.Config{Mode: LoadMode, Dir: dir, BuildFlags: []string{"-tags=durgen"}}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	var findings []Finding
	var loadErrs []string
	seen := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			loadErrs = append(loadErrs, e.Error())
		}
	})
	for _, p := range pkgs {
		if len(p.Errors) > 0 || p.Types == nil || p.TypesInfo == nil {
			continue
		}
		for _, d := range workflow.Check(p.Fset, p.Syntax, p.Types, p.TypesInfo) {
			f := Finding{Position: p.Fset.Position(d.Pos), Diagnostic: d}
			if k := f.String(); !seen[k] {
				seen[k] = true
				findings = append(findings, f)
			}
		}
	}
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i].Position, findings[j].Position
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return findings[i].Message < findings[j].Message
	})
	if len(loadErrs) > 0 {
		sort.Strings(loadErrs)
		return findings, &LoadError{Messages: dedupe(loadErrs)}
	}
	return findings, nil
}

// LoadError reports packages that could not be loaded or type-checked.
type LoadError struct {
	// Messages are the errors, "file:line:col: message" where known.
	Messages []string
}

func (e *LoadError) Error() string {
	if len(e.Messages) == 1 {
		return e.Messages[0]
	}
	return fmt.Sprintf("%s (and %d more errors)", e.Messages[0], len(e.Messages)-1)
}

// Vet is `durgen vet patterns...`: it prints the findings to stdout, one per
// line, and returns the exit code: OK if no finding is an error (warnings
// alone do not fail), Refused if one is, Failed if the packages could not be
// loaded (their errors are printed to stdout too).
func Vet(patterns []string, dir string, stdout io.Writer) (exitCode int) {
	findings, err := Run(patterns, dir)
	code := OK
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
		if f.Severity == workflow.Error {
			code = Refused
		}
	}
	if err != nil {
		if le, ok := err.(*LoadError); ok {
			for _, m := range le.Messages {
				fmt.Fprintln(stdout, m)
			}
		} else {
			fmt.Fprintf(stdout, "durgen vet: %v\n", err)
		}
		return Failed
	}
	return code
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

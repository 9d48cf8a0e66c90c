package vet

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/durgen/durgen/codegen"
	"github.com/durgen/durgen/internal/workflow"
)

// TestGeneratorAgrees checks that the generator refuses exactly the errors
// durgen vet reports, with the same text at the same positions, on the
// golden inputs and on this package's test cases.
func TestGeneratorAgrees(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/golden/*/in")
	more, _ := filepath.Glob("testdata/*")
	dirs = append(dirs, more...)
	if len(dirs) == 0 {
		t.Skip("no test packages")
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			findings, err := Run([]string{"."}, dir)
			if err != nil {
				t.Skipf("load: %v", err)
			}
			var vetErrs []string
			for _, f := range findings {
				if f.Severity == workflow.Error {
					vetErrs = append(vetErrs, fmt.Sprintf("%s: %s", f.Position, f.Message)) // absolute, as the generator's
				}
			}
			pkgs, err := codegen.Load(dir, ".")
			if err != nil {
				t.Skipf("codegen load: %v", err)
			}
			var genErrs []string
			if _, err := codegen.Generate(pkgs); err != nil {
				var ds codegen.Diagnostics
				if !errors.As(err, &ds) {
					t.Fatalf("generate: %v", err)
				}
				for _, d := range ds {
					genErrs = append(genErrs, d.String())
				}
			}
			slices.Sort(vetErrs)
			slices.Sort(genErrs)
			if !slices.Equal(vetErrs, genErrs) {
				t.Errorf("durgen vet errors:\n%q\ngenerator refusals:\n%q", vetErrs, genErrs)
			}
		})
	}
}

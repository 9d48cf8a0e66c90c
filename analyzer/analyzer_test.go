package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/durgen/durgen/analyzer"
)

func TestAnalyzer(t *testing.T) {
	for _, pkg := range []string{"persist", "alias", "awaits", "effects", "stale", "signature", "engine", "suppress", "supported"} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, pkg)
		})
	}
}

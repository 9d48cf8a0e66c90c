package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/durgen/durgen/analyzer"
)

// TestAnalyzer runs each check's cases. The split check (what the generator
// cannot split at yet) is left out: these cases use constructs durable
// workflows may use (issue 3), and the generator's own golden tests cover
// its refusals.
func TestAnalyzer(t *testing.T) {
	setChecks(t, "all,-split")
	for _, pkg := range []string{"persist", "alias", "awaits", "effects", "stale", "signature", "engine", "suppress", "supported"} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, pkg)
		})
	}
}

// TestChecksFlag checks that -checks selects the reported checks.
func TestChecksFlag(t *testing.T) {
	setChecks(t, "stale")
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "onlystale")
	setChecks(t, "all")
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "split")
}

func setChecks(t *testing.T, v string) {
	t.Helper()
	old := analyzer.Analyzer.Flags.Lookup("checks").Value.String()
	if err := analyzer.Analyzer.Flags.Set("checks", v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { analyzer.Analyzer.Flags.Set("checks", old) })
}

// TestDefers checks which deferred calls can be recorded in the frame.
func TestDefers(t *testing.T) {
	setChecks(t, "all")
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "defers")
}

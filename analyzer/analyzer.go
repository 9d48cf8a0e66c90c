package analyzer

import (
	_ "embed"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/durgen/durgen/internal/workflow"
)

//go:embed doc.go
var doc string

// Analyzer reports workflow code that durgen cannot make durable; see the
// package documentation for the checks.
var Analyzer = &analysis.Analyzer{
	Name: "durgen",
	Doc:  extractDoc(doc, "durgen"),
	URL:  "https://pkg.go.dev/github.com/durgen/durgen/analyzer",
	Run:  run,
}

// checks is the value of the -checks flag: the checks to report.
var checks = "all"

func init() {
	Analyzer.Flags.StringVar(&checks, "checks", checks,
		"comma-separated checks to report ("+strings.Join(workflow.Checks, ", ")+"), all, or all with exclusions (all,-stale)")
}

func run(pass *analysis.Pass) (any, error) {
	enabled, err := parseChecks(checks)
	if err != nil {
		return nil, err
	}
	for _, d := range workflow.Check(pass.Fset, pass.Files, pass.Pkg, pass.TypesInfo) {
		if enabled(d.Check) {
			pass.Report(analysis.Diagnostic{Pos: d.Pos, Category: d.Check, Message: d.Message})
		}
	}
	return nil, nil
}

// parseChecks parses the -checks flag. Malformed suppressions and internal
// errors are always reported.
func parseChecks(s string) (func(string) bool, error) {
	known := map[string]bool{}
	for _, c := range workflow.Checks {
		known[c] = true
	}
	on := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
		case f == "all":
			for c := range known {
				on[c] = true
			}
		case strings.HasPrefix(f, "-") && known[f[1:]]:
			delete(on, f[1:])
		case known[f]:
			on[f] = true
		default:
			return nil, fmt.Errorf("-checks: unknown check %q; the checks are %s", f, strings.Join(workflow.Checks, ", "))
		}
	}
	return func(c string) bool { return on[c] || !known[c] }, nil
}

// extractDoc returns the part of the package comment in src that follows the
// heading "# Analyzer name", uncommented: the text go vet shows for -help.
func extractDoc(src, name string) string {
	var lines []string
	in := false
	for _, l := range strings.Split(src, "\n") {
		if !strings.HasPrefix(l, "//") {
			if in {
				break
			}
			continue
		}
		l = strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
		if strings.HasPrefix(l, "# Analyzer ") {
			in = strings.TrimSpace(strings.TrimPrefix(l, "# Analyzer ")) == name
			continue
		}
		if in {
			lines = append(lines, l)
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

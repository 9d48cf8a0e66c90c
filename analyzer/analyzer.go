package analyzer

import (
	_ "embed"
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

func run(pass *analysis.Pass) (any, error) {
	for _, d := range workflow.Check(pass.Fset, pass.Files, pass.Pkg, pass.TypesInfo) {
		pass.Report(analysis.Diagnostic{Pos: d.Pos, Category: d.Check, Message: d.Message})
	}
	return nil, nil
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

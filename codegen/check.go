package codegen

import (
	"golang.org/x/tools/go/packages"

	"github.com/durgen/durgen/internal/workflow"
)

// checkPackage runs the workflow rules the analyzer reports (package
// internal/workflow) and returns the errors among them: the generator refuses
// exactly what durgen vet rejects, with the same text at the same position.
// Warnings do not stop generation; durgen vet shows them.
func checkPackage(pkg *packages.Package) Diagnostics {
	var diags Diagnostics
	for _, d := range workflow.Check(pkg.Fset, pkg.Syntax, pkg.Types, pkg.TypesInfo) {
		if d.Severity == workflow.Error {
			diags = append(diags, Diagnostic{Pos: pkg.Fset.Position(d.Pos), Message: d.Message})
		}
	}
	return diags
}

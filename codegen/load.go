package codegen

// This file loads packages: the input of the pipeline. Its output is the
// packages' syntax with comments and full type information; the later stages
// may assume the packages type-check.

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/packages"
)

const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports

// Load loads the packages matching patterns, relative to dir, for Generate.
//
// Generated files are left out: they carry the build constraint !durgen and
// the load sets the durgen tag. A stale generated file may no longer compile
// against the code it was generated from, and must not stop its own
// regeneration.
func Load(dir string, patterns ...string) ([]*packages.Package, error) {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	cfg := &packages.Config{Mode: loadMode, Dir: dir, Fset: token.NewFileSet(), BuildFlags: []string{"-tags=durgen"}}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", strings.Join(patterns, " "), err)
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return pkgs, nil
}

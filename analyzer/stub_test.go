package analyzer_test

import (
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestStubMatchesAPI checks that the stub of package durgen in testdata
// declares its names with the signatures of the real package, so that the
// analyzer's tests exercise the API users write against.
func TestStubMatchesAPI(t *testing.T) {
	const path = "github.com/durgen/durgen"
	mode := packages.NeedName | packages.NeedTypes
	real, err := packages.Load(&packages.Config{Mode: mode}, path)
	if err != nil || len(real) != 1 || len(real[0].Errors) > 0 {
		t.Skipf("cannot load %s: %v %v", path, err, real)
	}
	gopath, _ := filepath.Abs("testdata")
	stub, err := packages.Load(&packages.Config{
		Mode: mode,
		Dir:  filepath.Join(gopath, "src", path),
		Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOFLAGS=-mod="),
	}, path)
	if err != nil || len(stub) != 1 || len(stub[0].Errors) > 0 {
		t.Fatalf("cannot load the stub: %v %v", err, stub)
	}
	qual := func(p *types.Package) string { return p.Name() }
	rs, ss := real[0].Types.Scope(), stub[0].Types.Scope()
	for _, name := range rs.Names() {
		r := rs.Lookup(name)
		if !r.Exported() {
			continue
		}
		s := ss.Lookup(name)
		if s == nil {
			t.Logf("durgen.%s is not in the stub", name)
			continue
		}
		if got, want := types.ObjectString(s, qual), types.ObjectString(r, qual); got != want && !isType(r) {
			t.Errorf("stub: %s\nreal: %s", got, want)
		}
		if !isType(r) {
			continue
		}
		if rt, st := r.Type().Underlying(), s.Type().Underlying(); isStruct(rt) != isStruct(st) {
			t.Errorf("durgen.%s: stub %s, real %s", name, st, rt)
		}
		rm := types.NewMethodSet(types.NewPointer(r.Type()))
		sm := types.NewMethodSet(types.NewPointer(s.Type()))
		for i := 0; i < rm.Len(); i++ {
			m := rm.At(i).Obj()
			if !m.Exported() {
				continue
			}
			sel := sm.Lookup(m.Pkg(), m.Name())
			if sel == nil {
				sel = sm.Lookup(stub[0].Types, m.Name())
			}
			if sel == nil {
				t.Errorf("method %s.%s is not in the stub", name, m.Name())
				continue
			}
			if got, want := types.TypeString(sel.Type(), qual), types.TypeString(rm.At(i).Type(), qual); got != want {
				t.Errorf("method %s.%s: stub %s, real %s", name, m.Name(), got, want)
			}
		}
	}
}

func isType(o types.Object) bool { _, ok := o.(*types.TypeName); return ok }

func isStruct(t types.Type) bool { _, ok := t.(*types.Struct); return ok }

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run durgen as a command, in process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"durgen": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar: a user's module that requires
// durgen (through a replace directive to this repository), written, generated
// with go generate, built and run, as the README's tour does.
func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command: not in -short mode")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("DURGEN_ROOT", root)
			env.Setenv("GOFLAGS", "-mod=mod")
			env.Setenv("GOWORK", "off")
			for _, k := range []string{"HOME", "GOPATH", "GOMODCACHE", "GOCACHE", "GOPROXY", "PATH"} {
				if v := os.Getenv(k); v != "" {
					env.Setenv(k, v)
				}
			}
			if os.Getenv("GOCACHE") == "" {
				out, _ := exec.Command(goBin, "env", "GOCACHE").Output()
				env.Setenv("GOCACHE", string(trimNL(out)))
			}
			if os.Getenv("GOMODCACHE") == "" {
				out, _ := exec.Command(goBin, "env", "GOMODCACHE").Output()
				env.Setenv("GOMODCACHE", string(trimNL(out)))
			}
			env.Setenv("GOROOT", runtime.GOROOT())
			sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(env.WorkDir, "go.sum"), sum, 0o666)
		},
	})
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

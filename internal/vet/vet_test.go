package vet

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestVet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pkg  string
		code int
		want []string // "file:line:col: message prefix"
	}{
		{"good", OK, nil},
		{"warn", OK, []string{
			"warn.go:16:20: start holds a time.Now reading from before durgen.Sleep (line 13)",
		}},
		{"bad", Refused, []string{
			"bad.go:21:2: db (*sql.DB) is live across durgen.Sleep (line 22) and cannot be persisted: it is a database handle; open it inside an activity or inject it through the activity receiver",
			"bad.go:25:2: http.Get is an HTTP request in workflow code",
			"bad.go:30:46: durgen.Sleep in wait cannot be resumed",
		}},
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			code := Vet([]string{"./testdata/" + tc.pkg}, ".", &out)
			if code != tc.code {
				t.Errorf("exit code %d, want %d; output:\n%s", code, tc.code, out.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if out.Len() == 0 {
				lines = nil
			}
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(tc.want), out.String())
			}
			for i, l := range lines {
				dir, file := filepath.Split(l[:strings.Index(l, ":")])
				if !strings.HasSuffix(filepath.Clean(dir), filepath.Join("testdata", tc.pkg)) {
					t.Errorf("line %d: file %s not in testdata/%s", i, l, tc.pkg)
				}
				if got := file + l[strings.Index(l, ":"):]; !strings.HasPrefix(got, tc.want[i]) {
					t.Errorf("line %d:\ngot  %s\nwant %s...", i, got, tc.want[i])
				}
			}
		})
	}
}

func TestVetLoadError(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if code := Vet([]string{"./testdata/nosuchpkg"}, ".", &out); code != Failed {
		t.Errorf("exit code %d, want %d; output:\n%s", code, Failed, out.String())
	}
	if out.Len() == 0 {
		t.Error("no error printed")
	}
}

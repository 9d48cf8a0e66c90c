package workflow

// This file defines suppressions: a comment
//
//	//durgen:ignore <check>[,<check>...] <reason>
//
// on the line of a diagnostic or on the line before it silences the named
// checks there. The reason is required; a suppression without one, or naming
// an unknown check, is itself a diagnostic (check "ignore", which cannot be
// suppressed).

import (
	"go/token"
	"strings"
)

// IgnoreDirective starts a suppression comment.
const IgnoreDirective = "//durgen:ignore"

// suppression is one well-formed //durgen:ignore comment.
type suppression struct {
	file   string
	line   int
	checks map[string]bool
}

// suppress parses the suppression comments of c.files, reports malformed
// ones and returns diags without the suppressed diagnostics.
func (c *checker) suppress(diags []Diagnostic) []Diagnostic {
	known := map[string]bool{}
	for _, k := range Checks {
		known[k] = true
	}
	var sups []suppression
	var bad []Diagnostic
	for _, f := range c.files {
		for _, g := range f.Comments {
			for _, cm := range g.List {
				if cm.Text != IgnoreDirective && !strings.HasPrefix(cm.Text, IgnoreDirective+" ") {
					continue
				}
				text := strings.TrimPrefix(cm.Text, IgnoreDirective)
				if i := strings.Index(text, "//"); i >= 0 {
					text = text[:i] // a trailing comment is not a reason
				}
				fields := strings.Fields(text)
				if len(fields) < 2 {
					bad = append(bad, Diagnostic{Pos: cm.Pos(), Check: CheckIgnore, Severity: Error,
						Message: "//durgen:ignore needs a check and a reason; write //durgen:ignore <check> <why the finding does not apply here>"})
					continue
				}
				s := suppression{checks: map[string]bool{}}
				ok := true
				for _, name := range strings.Split(fields[0], ",") {
					if !known[name] {
						bad = append(bad, Diagnostic{Pos: cm.Pos(), Check: CheckIgnore, Severity: Error,
							Message: "//durgen:ignore names unknown check " + quote(name) + "; the checks are " + strings.Join(Checks, ", ")})
						ok = false
						continue
					}
					s.checks[name] = true
				}
				if !ok {
					continue
				}
				p := c.fset.Position(cm.Pos())
				s.file, s.line = p.Filename, p.Line
				sups = append(sups, s)
			}
		}
	}
	out := bad
	for _, d := range diags {
		if !isSuppressed(c.fset, d, sups) {
			out = append(out, d)
		}
	}
	return out
}

func isSuppressed(fset *token.FileSet, d Diagnostic, sups []suppression) bool {
	p := fset.Position(d.Pos)
	for _, s := range sups {
		if s.file == p.Filename && (s.line == p.Line || s.line == p.Line-1) && s.checks[d.Check] {
			return true
		}
	}
	return false
}

func quote(s string) string { return "\"" + s + "\"" }

package codegen

// This file checks the split form before it is printed: an invariant
// checker in the manner of go/ssa's sanity.go, always on. A failure is a bug
// in the generator, reported as an internal error rather than as wrong code.

import (
	"fmt"
	"strings"
)

// sanity checks that label 0 is the entry, labels are numbered densely,
// every case is entered by some jump or resume, every jump names a case that
// exists, and no case can fall off its end (which would run it again at the
// same label, forever).
func (g *gen) sanity() error {
	name := g.fn.Obj.Name()
	if len(g.cases) == 0 || g.cases[0].pos != g.fn.Decl.Body.Lbrace {
		return fmt.Errorf("sanity: %s: label 0 is not the entry", name)
	}
	exists := map[*caseBlock]bool{}
	for i, c := range g.cases {
		if c.label != i {
			return fmt.Errorf("sanity: %s: case %d has label %d", name, i, c.label)
		}
		exists[c] = true
	}
	targeted := map[*caseBlock]bool{g.cases[0]: true}
	var check func(l *list) error
	check = func(l *list) error {
		for _, n := range l.nodes {
			switch n := n.(type) {
			case *jump:
				targeted[n.target] = true
			case *suspend:
				targeted[n.resume] = true
			default:
				for _, l := range n.(interface{ lists() []*list }).lists() {
					if err := check(l); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	for _, c := range g.cases {
		if err := check(c.body); err != nil {
			return err
		}
		if !ends(c.body) {
			return fmt.Errorf("sanity: %s: case %d can fall off its end", name, c.label)
		}
	}
	for c := range targeted {
		if !exists[c] {
			return fmt.Errorf("sanity: %s: a jump names a case that does not exist", name)
		}
	}
	for _, c := range g.cases {
		if !targeted[c] && !g.placeholderUsed(c) {
			return fmt.Errorf("sanity: %s: nothing enters label %d", name, c.label)
		}
	}
	return nil
}

// ends reports whether control cannot fall off the end of l.
func ends(l *list) bool {
	if len(l.nodes) == 0 {
		return false
	}
	switch n := l.nodes[len(l.nodes)-1].(type) {
	case *jump, *suspend:
		return true
	case *text:
		return n.ends
	case *ifNode:
		return n.els != nil && ends(n.then) && ends(n.els)
	case *blockNode:
		return ends(n.body)
	case *switchNode:
		// A switch ends its list if it has a default and every clause
		// ends; a break or fallthrough inside is printed as a jump or
		// kept only where the clause goes on.
		hasDefault := false
		for _, c := range n.clauses {
			if c.head == "default:" {
				hasDefault = true
			}
			if !ends(c.body) {
				return false
			}
		}
		return hasDefault
	}
	return false
}

// placeholderUsed reports whether printed code jumps to c (a break or
// continue leaving a lowered loop, a goto), directly or through a relay
// case dropped for c.
func (g *gen) placeholderUsed(c *caseBlock) bool {
	refs := []string{g.labelRef(c)}
	for from, to := range g.relayTo {
		if to == c {
			refs = append(refs, g.labelRef(from))
		}
	}
	var find func(l *list) bool
	find = func(l *list) bool {
		for _, n := range l.nodes {
			switch n := n.(type) {
			case *text:
				for _, ref := range refs {
					if strings.Contains(n.src, ref) {
						return true
					}
				}
			default:
				for _, l := range n.lists() {
					if find(l) {
						return true
					}
				}
			}
		}
		return false
	}
	for _, x := range g.cases {
		if find(x.body) {
			return true
		}
	}
	return false
}

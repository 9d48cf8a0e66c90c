package codegen

// This file defines the split form: the continuations of one workflow as a
// tree of statement lists, with jumps that name their target case. Label
// numbers are given to the cases only when the tree is complete, in source
// order, so a jump can be made before its target's number is known.

import (
	"bytes"
	"fmt"
	"go/token"
	"strings"
)

// caseBlock is one continuation: the code run when the frame's PC is its
// label.
type caseBlock struct {
	label int
	// pos orders the cases as their code appears in the source.
	pos token.Pos
	// seq breaks ties in pos: creation order.
	seq     int
	comment string
	body    *list
	// entered reports whether anything jumps to or resumes at the case.
	entered bool
}

// list is a statement list of the output.
type list struct {
	nodes []node
	// top marks a case's own list: falling off its end goes round the
	// dispatch loop.
	top bool
}

func (l *list) add(n node) { l.nodes = append(l.nodes, n) }

// node is a statement of the output.
type node interface {
	render(w *writer)
	// lists returns the statement lists nested in the node.
	lists() []*list
}

func (t *text) lists() []*list    { return nil }
func (j *jump) lists() []*list    { return nil }
func (s *suspend) lists() []*list { return nil }

func (n *ifNode) lists() []*list {
	if n.els == nil {
		return []*list{n.then}
	}
	return []*list{n.then, n.els}
}

func (n *switchNode) lists() []*list {
	var ls []*list
	for _, c := range n.clauses {
		ls = append(ls, c.body)
	}
	return ls
}

// text is a statement printed from the user's syntax; ends reports that
// control cannot go past it (a return, a branch, a terminating statement).
type text struct {
	src  string
	ends bool
}

func (t *text) render(w *writer) { w.line(t.src) }

// ifNode is an if statement whose branches hold lowered code.
type ifNode struct {
	head string // "if init; cond"
	then *list
	els  *list // nil: no else
}

func (n *ifNode) render(w *writer) {
	w.line(n.head + " {")
	n.then.render(w)
	for els := n.els; els != nil; {
		if len(els.nodes) == 1 {
			if inner, ok := els.nodes[0].(*ifNode); ok {
				w.line("} else " + inner.head + " {")
				inner.then.render(w)
				els = inner.els
				continue
			}
		}
		w.line("} else {")
		els.render(w)
		break
	}
	w.line("}")
}

func (l *list) render(w *writer) {
	for i, n := range l.nodes {
		if j, ok := n.(*jump); ok && j.cont == "" && !(l.top && i == len(l.nodes)-1) {
			// Code may follow the list this jump ends (the rest of the
			// enclosing statement's list): go round the dispatch loop now.
			w.line(fmt.Sprintf("%s.PC = %d", j.recv, j.target.label))
			w.line("continue")
			continue
		}
		if t, ok := n.(*text); ok && l.top && i == len(l.nodes)-1 {
			// A jump printed from the user's break, continue or goto that
			// ends its case needs no continue: the case ends there.
			if src, found := strings.CutSuffix(t.src, "\ncontinue"); found {
				w.line(src)
				continue
			}
		}
		n.render(w)
	}
}

// jump sets the frame's label to target and, unless it ends its case,
// goes round the dispatch loop.
type jump struct {
	target *caseBlock
	// cont is the continue statement that follows ("" at the end of a
	// case, where falling off the switch does the same).
	cont string
	// recv is the frame's receiver name.
	recv string
}

func (j *jump) render(w *writer) {
	w.line(fmt.Sprintf("%s.PC = %d", j.recv, j.target.label))
	if j.cont != "" {
		w.line(j.cont)
	}
}

// suspend sets the label to resume at and returns a command.
type suspend struct {
	resume  *caseBlock
	command string
	recv    string
}

func (s *suspend) render(w *writer) {
	w.line(fmt.Sprintf("%s.PC = %d", s.recv, s.resume.label))
	w.line("return " + s.command)
}

// writer collects lines; gofmt indents them afterwards.
type writer struct {
	buf bytes.Buffer
}

func (w *writer) line(s string) {
	w.buf.WriteString(s)
	w.buf.WriteByte('\n')
}

// switchNode is a switch statement whose clauses hold lowered code.
type switchNode struct {
	head    string // "switch init; tag"
	clauses []*clause
}

// clause is one case clause of a switchNode.
type clause struct {
	head string // "case a, b:" or "default:"
	body *list
}

func (n *switchNode) render(w *writer) {
	w.line(n.head + " {")
	for _, c := range n.clauses {
		w.line(c.head)
		c.body.render(w)
	}
	w.line("}")
}

// blockNode is a block statement: it scopes the declarations that an if or
// switch init needs before the statement itself.
type blockNode struct {
	body *list
}

func (b *blockNode) render(w *writer) {
	w.line("{")
	b.body.render(w)
	w.line("}")
}

func (b *blockNode) lists() []*list { return []*list{b.body} }

package workflow

// This file defines the signature check: a workflow is
//
//	func Name(ctx durgen.Context, in I) (O, error)   or   func Name(ctx durgen.Context, in I) error
//
// (or a method of that shape, whose receiver is supplied at registration and
// never persisted), with I and O persistable (see PersistProblem). Generic
// workflows are refused: a frame and a registration need concrete types.

import (
	"go/types"
)

const wantSig = "func(ctx durgen.Context, in I) (O, error) or func(ctx durgen.Context, in I) error"

func (c *checker) checkSignature(fn *Func) {
	name := fn.Decl.Name.Name
	sig := fn.Obj.Type().(*types.Signature)
	if fn.Decl.Type.TypeParams != nil || sig.RecvTypeParams().Len() > 0 {
		c.errorf(fn.Decl.Name.Pos(), CheckSignature, "workflow %s is generic, which durgen does not support: its frame and registration need concrete types; write one workflow per type (it may call a generic function between awaits)", name)
		return
	}
	params, results := sig.Params(), sig.Results()
	if params.Len() == 0 || !IsContext(params.At(0).Type()) {
		pos := fn.Decl.Name.Pos()
		if params.Len() > 0 {
			pos = params.At(0).Pos()
		}
		c.errorf(pos, CheckSignature, "workflow %s must take a durgen.Context as its first parameter: write %s", name, wantSig)
	} else if params.Len() != 2 {
		pos := fn.Decl.Name.Pos()
		if params.Len() > 2 {
			pos = params.At(2).Pos()
		}
		c.errorf(pos, CheckSignature, "workflow %s takes %d inputs after its durgen.Context, and a workflow takes exactly one: put several values in a struct, and use struct{} for none", name, params.Len()-1)
	}
	if params.Len() == 2 && IsContext(params.At(0).Type()) {
		in := params.At(1)
		if p := PersistProblem(in.Type(), paramName(in, "in")); p != nil {
			desc, fix := c.describe(p, paramName(in, "in"))
			fix = signatureFix(p, fix, "pass")
			c.errorf(in.Pos(), CheckSignature, "the input of workflow %s (%s) cannot be persisted: %s; %s", name, c.typeString(in.Type()), desc, fix)
		}
	}
	switch {
	case results.Len() == 0 || !isError(results.At(results.Len()-1).Type()):
		c.errorf(fn.Decl.Name.Pos(), CheckSignature, "workflow %s must return an error as its last result: write %s", name, wantSig)
	case results.Len() > 2:
		c.errorf(fn.Decl.Name.Pos(), CheckSignature, "workflow %s returns %d values before its error, and a workflow returns one: put several outputs in a struct", name, results.Len()-1)
	case results.Len() == 2:
		out := results.At(0)
		if p := PersistProblem(out.Type(), paramName(out, "out")); p != nil {
			pos := out.Pos()
			if !pos.IsValid() || out.Name() == "" {
				pos = fn.Decl.Type.Results.List[0].Pos()
			}
			desc, fix := c.describe(p, paramName(out, "out"))
			fix = signatureFix(p, fix, "return")
			c.errorf(pos, CheckSignature, "the output of workflow %s (%s) cannot be persisted: %s; %s", name, c.typeString(out.Type()), desc, fix)
		}
	}
}

func paramName(v *types.Var, def string) string {
	if v.Name() == "" || v.Name() == "_" {
		return def
	}
	return v.Name()
}

// signatureFix adapts the way out of p for a workflow's input or output,
// which the runtime stores: a func value or a channel is replaced by data.
func signatureFix(p *Problem, fix, verb string) string {
	switch p.Type.Underlying().(type) {
	case *types.Signature, *types.Chan:
		return "a workflow's input and output are stored; " + verb + " plain data instead"
	}
	return fix
}

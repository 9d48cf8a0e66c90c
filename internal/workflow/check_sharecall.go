package workflow

// This file defines what the share check (check_share.go) takes the result
// of a call to share. A call's result whose type refers to storage (a map, a
// slice's array, a pointed-to value, or a struct, array or interface holding
// one) may be storage reachable from the call's receiver or arguments: t :=
// NewTally(); m := t.Counts() may hand out t's own map. The body of the
// callee is not read, so the result is taken to be a part of every local at
// the root of the receiver or an argument (x in x, x.f, x[i], x[i:], *x) that
// can reach storage of a type the result refers to: a []string cannot be a
// part of a map[string]int, nor of a string. An interface, a type parameter
// or unsafe.Pointer may refer to anything. A method with a pointer receiver
// called on a local struct reaches the struct itself (its address is taken
// implicitly).
//
// A call is known to return fresh storage when it is a builtin other than
// append (make, new), an await (its result comes from the history), a
// function of package durgen, or one of the standard functions listed in
// freshResults. A conversion is no call: []byte(s) copies a string, but
// IDs(xs) is xs. An address taken in an argument (f(&x)) is the alias
// check's (check_alias.go), not this one's.
//
// What a callee writes is not looked at: a shared pair is reported only when
// the workflow body itself writes through one of the two (see checkShare),
// so t.Add("k") after the await of the example above goes unnoticed, and a
// local merely passed to a call is never taken to be written.

import (
	"go/ast"
	"go/types"
)

// freshResults lists standard functions whose result shares no storage with
// their arguments. A shallow copy (true) is fresh only when the elements
// (and keys) of its result share nothing: slices.Clone of a []*T returns new
// pointers to the same values.
var freshResults = map[string]bool{
	"bytes.Clone":                 false,
	"bytes.Join":                  false,
	"bytes.Repeat":                false,
	"bytes.Runes":                 false,
	"bytes.ToLower":               false,
	"bytes.ToUpper":               false,
	"encoding/json.Marshal":       false,
	"encoding/json.MarshalIndent": false,
	"maps.Clone":                  true,
	"slices.Clone":                true,
	"slices.Concat":               true,
	"slices.Repeat":               true,
	"strings.Fields":              false,
	"strings.FieldsFunc":          false,
	"strings.Split":               false,
	"strings.SplitAfter":          false,
	"strings.SplitAfterN":         false,
	"strings.SplitN":              false,
}

// isConversion reports whether call converts a value to a type.
func (c *checker) isConversion(call *ast.CallExpr) bool {
	tv, ok := c.info.Types[call.Fun]
	return ok && tv.IsType() && len(call.Args) == 1
}

// isFreshCall reports whether call is known to return storage of its own,
// res being the type of the result looked at.
func (c *checker) isFreshCall(fn *Func, call *ast.CallExpr, res types.Type) bool {
	for _, aw := range fn.Awaits {
		if aw.Call == call {
			return true
		}
	}
	switch obj := c.callee(call).(type) {
	case *types.Builtin:
		return obj.Name() != "append"
	case *types.Func:
		if obj.Pkg() == nil {
			return false
		}
		if obj.Pkg().Path() == DurgenPath {
			return true
		}
		if sig, ok := obj.Type().(*types.Signature); !ok || sig.Recv() != nil {
			return false
		}
		shallow, ok := freshResults[obj.Pkg().Path()+"."+obj.Name()]
		if !ok {
			return false
		}
		if !shallow {
			return true
		}
		switch u := res.Underlying().(type) {
		case *types.Slice:
			return !sharing(u.Elem())
		case *types.Map:
			return !sharing(u.Key()) && !sharing(u.Elem())
		}
	}
	return false
}

// callee returns the function or builtin call calls, if it is named.
func (c *checker) callee(call *ast.CallExpr) types.Object {
	f := ast.Unparen(call.Fun)
	if ix, ok := f.(*ast.IndexExpr); ok { // an explicit instantiation: f[T](x)
		f = ast.Unparen(ix.X)
	} else if ix, ok := f.(*ast.IndexListExpr); ok {
		f = ast.Unparen(ix.X)
	}
	switch f := f.(type) {
	case *ast.Ident:
		return c.info.Uses[f]
	case *ast.SelectorExpr:
		return c.info.Uses[f.Sel]
	}
	return nil
}

// isShallowCopy reports whether call is one of freshResults that copies
// only the top level of its result.
func (c *checker) isShallowCopy(call *ast.CallExpr) bool {
	obj, ok := c.callee(call).(*types.Func)
	return ok && obj.Pkg() != nil && freshResults[obj.Pkg().Path()+"."+obj.Name()]
}

// callRoots returns the locals whose storage the result of call, of type
// res, may be a part of.
func (c *checker) callRoots(fn *Func, call *ast.CallExpr, res types.Type, local func(*ast.Ident) *types.Var) []*types.Var {
	if c.isFreshCall(fn, call, res) {
		return nil
	}
	refs, wild := storageRefs(res)
	if len(refs) == 0 && !wild {
		return nil
	}
	var roots []*types.Var
	from := func(e ast.Expr, t types.Type) {
		if t != nil && mayReach(refs, wild, t) {
			roots = append(roots, c.argRoots(fn, e, local)...)
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := c.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			t := c.info.TypeOf(sel.X)
			if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil && t != nil {
				_, recvPtr := sig.Recv().Type().Underlying().(*types.Pointer)
				_, isPtr := t.Underlying().(*types.Pointer)
				if recvPtr && !isPtr && !types.IsInterface(t) {
					t = types.NewPointer(t) // the address is taken implicitly
				}
			}
			from(sel.X, t)
		}
	}
	for _, a := range call.Args {
		from(a, c.info.TypeOf(a))
	}
	return roots
}

// argRoots returns the locals at the root of e whose storage a value
// computed from e may reach.
func (c *checker) argRoots(fn *Func, e ast.Expr, local func(*ast.Ident) *types.Var) []*types.Var {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v := local(e); v != nil {
			return []*types.Var{v}
		}
	case *ast.SelectorExpr:
		if s, ok := c.info.Selections[e]; ok && s.Kind() == types.FieldVal {
			return c.argRoots(fn, e.X, local)
		}
	case *ast.IndexExpr:
		return c.argRoots(fn, e.X, local)
	case *ast.SliceExpr:
		return c.argRoots(fn, e.X, local)
	case *ast.StarExpr:
		return c.argRoots(fn, e.X, local)
	case *ast.TypeAssertExpr:
		return c.argRoots(fn, e.X, local)
	case *ast.CompositeLit:
		var vs []*types.Var
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				vs = append(vs, c.argRoots(fn, kv.Key, local)...)
				el = kv.Value
			}
			vs = append(vs, c.argRoots(fn, el, local)...)
		}
		return vs
	case *ast.CallExpr:
		if c.isConversion(e) {
			return c.argRoots(fn, e.Args[0], local)
		}
		if t := c.info.TypeOf(e); t != nil {
			return c.callRoots(fn, e, t, local)
		}
	}
	return nil
}

// storageRef is a kind of storage a value refers to: a variable of type t
// (through a pointer), an array of elements of type t (through a slice), or
// the map or channel of type t itself.
type storageRef struct {
	kind byte // '*', '[', 'm'
	t    types.Type
}

// storageRefs returns the storage a value of type t refers to; wild is set
// when t may refer to storage of any type.
func storageRefs(t types.Type) (refs []storageRef, wild bool) {
	seen := map[types.Type]bool{}
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			refs = append(refs, storageRef{'*', u.Elem()})
		case *types.Slice:
			refs = append(refs, storageRef{'[', u.Elem()})
		case *types.Map, *types.Chan:
			refs = append(refs, storageRef{'m', u})
		case *types.Interface:
			if !isError(t) {
				wild = true
			}
		case *types.TypeParam:
			wild = true
		case *types.Basic:
			if u.Kind() == types.UnsafePointer {
				wild = true
			}
		case *types.Array:
			walk(u.Elem())
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				walk(u.Field(i).Type())
			}
		case *types.Tuple:
			for i := 0; i < u.Len(); i++ {
				walk(u.At(i).Type())
			}
		}
	}
	walk(t)
	return refs, wild
}

// mayReach reports whether storage reachable from a value of type t may be
// one of refs (or any storage, when wild is set): a variable of type E is
// an addressable one (a pointee, a field or element of one, an element of a
// slice's array), not a map's key or value, nor a channel's element; an
// array of E is a slice's or an addressable array; a map or channel is one
// held anywhere.
func mayReach(refs []storageRef, wild bool, t types.Type) bool {
	type key struct {
		t    types.Type
		addr bool
	}
	var seen []key
	var walk func(t types.Type, addr bool) bool
	walk = func(t types.Type, addr bool) bool {
		u := t.Underlying()
		for _, k := range seen {
			if k.addr == addr && types.Identical(k.t, u) {
				return false
			}
		}
		seen = append(seen, key{u, addr})
		for _, r := range refs {
			ru := r.t.Underlying()
			switch r.kind {
			case '*':
				if addr && types.Identical(ru, u) {
					return true
				}
			case '[':
				if s, ok := u.(*types.Slice); ok && types.Identical(ru, s.Elem().Underlying()) {
					return true
				}
				if a, ok := u.(*types.Array); ok && addr && types.Identical(ru, a.Elem().Underlying()) {
					return true
				}
			case 'm':
				if types.Identical(ru, u) {
					return true
				}
			}
		}
		switch u := u.(type) {
		case *types.Pointer:
			return wild || walk(u.Elem(), true)
		case *types.Slice:
			return wild || walk(u.Elem(), true)
		case *types.Map:
			return wild || walk(u.Key(), false) || walk(u.Elem(), false)
		case *types.Chan:
			return wild || walk(u.Elem(), false)
		case *types.Array:
			return walk(u.Elem(), addr)
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				if walk(u.Field(i).Type(), addr) {
					return true
				}
			}
		case *types.Interface:
			return !isError(t)
		case *types.TypeParam:
			return true
		case *types.Basic:
			return u.Kind() == types.UnsafePointer
		}
		return false
	}
	return walk(t, false)
}

package core

import (
	"fmt"
	"reflect"
	"sync"
)

// A value stored in an interface-typed part of a frame is saved with the
// name of its dynamic type (see machine.EncodeFrame). The types that may be
// named so are registered by durgen.RegisterType, in every process that
// runs the workflow; a name read back resolves to the same type in any of
// them.

var registeredTypes = struct {
	sync.RWMutex
	byName map[string]reflect.Type
}{byName: map[string]reflect.Type{}}

// TypeName returns the name t is stored under: its package path and name
// ("example.com/pay.Card"), behind a "*" for each pointer
// ("*example.com/pay.Wire"); a predeclared type is its name ("int"). It
// returns "" for a type without a name ([]int, struct{...}), which cannot
// be registered.
func TypeName(t reflect.Type) string {
	star := ""
	for t.Kind() == reflect.Pointer && t.Name() == "" {
		star += "*"
		t = t.Elem()
	}
	switch {
	case t.Name() == "":
		return ""
	case t.PkgPath() == "":
		return star + t.Name()
	}
	return star + t.PkgPath() + "." + t.Name()
}

// RegisterType records t as a type whose values may be stored in an
// interface. Registering a type twice is harmless; it is an error for a type
// without a name, or whose name another type already has (two types
// declared inside functions of one package under the same name).
func RegisterType(t reflect.Type) error {
	name := TypeName(t)
	if name == "" {
		return fmt.Errorf("%v has no name to store it under", t)
	}
	registeredTypes.Lock()
	defer registeredTypes.Unlock()
	if old, ok := registeredTypes.byName[name]; ok && old != t {
		return fmt.Errorf("%v and another type are both named %s (declared inside functions?)", t, name)
	}
	registeredTypes.byName[name] = t
	return nil
}

// RegisteredName returns the name t is stored under, and whether t is
// registered.
func RegisteredName(t reflect.Type) (string, bool) {
	name := TypeName(t)
	if name == "" {
		return "", false
	}
	registeredTypes.RLock()
	defer registeredTypes.RUnlock()
	return name, registeredTypes.byName[name] == t
}

// LookupType returns the registered type named name.
func LookupType(name string) (reflect.Type, bool) {
	registeredTypes.RLock()
	defer registeredTypes.RUnlock()
	t, ok := registeredTypes.byName[name]
	return t, ok
}

// Example returns Go source for a value of type t, as a registration would
// pass it: "pay.Card{}", "&pay.Wire{}", "pay.Level(0)".
func Example(t reflect.Type) string {
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Elem().Name() != "" {
		return "&" + t.Elem().String() + "{}"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Array:
		return t.String() + "{}"
	case reflect.Bool:
		return t.String() + "(false)"
	case reflect.String:
		return t.String() + `("")`
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return t.String() + "(0)"
	}
	return "(" + t.String() + ")(nil)"
}

// InterfaceName returns how Go source names the interface type t: "any"
// for the empty interface, else as reflect prints it ("pay.Method").
func InterfaceName(t reflect.Type) string {
	if t.Name() == "" && t.NumMethod() == 0 {
		return "any"
	}
	return t.String()
}

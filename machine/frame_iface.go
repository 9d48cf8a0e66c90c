package machine

// This file defines the codec for values whose static type holds an
// interface (other than error): a local of an interface type marked
// //durgen:persist, or a slice, map, array, pointer or struct with one
// inside. encoding/json writes an interface value as its dynamic value and
// cannot read it back, so this codec writes it as
//
//	{"$type": "<registered name of the dynamic type>", "value": <its JSON>}
//
// (see durgen.RegisterType) and null for nil. An empty interface holding
// plain JSON data (a string, a finite float64, a bool, []any, map[string]any
// of those), which encoding/json gives back exactly, is written as it is.
//
// Input: a reflect.Value of any type. Output: the JSON encoding/json would
// write for it, except at interface positions; every part whose type holds
// no interface is written by encoding/json itself (or, if JSON cannot hold
// it exactly, as {"$gob": ...}, see lossy), so tags, marshaling methods and
// field names behave as everywhere else in a frame. Structs that hold an
// interface are walked here, with encoding/json's rules for field names,
// embedded structs, omitempty, omitzero and the string option.
//
// It never stores an interface value without its type: a dynamic type that
// is not registered is an error (ErrUnregisteredType) naming the type, the
// place in the value and the registration to add.

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/durgen/durgen/internal/core"
)

// ErrUnregisteredType is matched by the error of storing or reading back an
// interface value whose dynamic type is not registered with
// durgen.RegisterType in this process.
var ErrUnregisteredType = errors.New("durgen: type not registered for an interface")

func init() { core.RegisterError("github.com/durgen/durgen/machine", ErrUnregisteredType) }

// typeError is an error about an interface value's dynamic type.
type typeError struct{ msg string }

func (e *typeError) Error() string        { return e.msg }
func (e *typeError) Is(target error) bool { return target == ErrUnregisteredType }

// where names a place in a value for a message: a field path, or "the
// value" at the root.
func where(path string) string {
	if path == "" {
		return "the value"
	}
	return path
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	anyType         = reflect.TypeFor[any]()
	holdsCache      sync.Map // reflect.Type -> bool
)

// holdsInterface reports whether a value of type t may hold an interface
// value other than an error somewhere encoding/json would look: then the
// value needs this codec. A type with its own JSON or text marshaling is
// taken at its word.
func holdsInterface(t reflect.Type) bool {
	if b, ok := holdsCache.Load(t); ok {
		return b.(bool)
	}
	b := holds(t, map[reflect.Type]bool{})
	holdsCache.Store(t, b)
	return b
}

func holds(t reflect.Type, visiting map[reflect.Type]bool) bool {
	if visiting[t] || t == errorType || ownsJSON(t) {
		return false
	}
	visiting[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return holds(t.Elem(), visiting)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if (sf.IsExported() || sf.Anonymous) && sf.Tag.Get("json") != "-" && holds(sf.Type, visiting) {
				return true
			}
		}
	}
	return false
}

// ownsJSON reports whether t or *t marshals or unmarshals itself.
func ownsJSON(t reflect.Type) bool {
	if t.Kind() == reflect.Interface {
		return false
	}
	for _, m := range []reflect.Type{jsonMarshaler, textMarshaler, jsonUnmarshaler, textUnmarshaler} {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return true
		}
	}
	return false
}

// typedValue is the stored form of a non-nil interface value.
type typedValue struct {
	Type  string          `json:"$type"`
	Value json.RawMessage `json:"value"`
}

// encodeTyped returns the stored form of v (see the file comment); path
// names v in errors. If lenient is set, an interface value of a type that
// is not registered is written as encoding/json writes it instead of
// failing (for EncodeValue, see there).
func encodeTyped(v reflect.Value, path string, lenient bool) ([]byte, error) {
	e := &encoder{ptrs: map[uintptr]bool{}, lenient: lenient}
	if err := e.value(v, path); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

type encoder struct {
	buf     bytes.Buffer
	ptrs    map[uintptr]bool // pointers on the way to the current value
	lenient bool
}

func (e *encoder) value(v reflect.Value, path string) error {
	v = readable(v)
	t := v.Type()
	if !holdsInterface(t) {
		return e.leaf(v, path)
	}
	switch t.Kind() {
	case reflect.Interface:
		return e.iface(v, path)
	case reflect.Pointer:
		if v.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		p := v.Pointer()
		if e.ptrs[p] {
			return fmt.Errorf("%s: a pointer cycle, which JSON cannot hold", where(path))
		}
		e.ptrs[p] = true
		defer delete(e.ptrs, p)
		return e.value(v.Elem(), path)
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		e.buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			if err := e.value(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		e.buf.WriteByte(']')
		return nil
	case reflect.Map:
		return e.mapValue(v, path)
	case reflect.Struct:
		return e.structValue(v, path)
	}
	return e.leaf(v, path)
}

// leaf writes a value whose type holds no interface: with encoding/json,
// or as gob if JSON cannot hold it exactly.
func (e *encoder) leaf(v reflect.Value, path string) error {
	v = readable(v)
	if lossy(v, map[uintptr]bool{}) {
		var g bytes.Buffer
		if err := gob.NewEncoder(&g).EncodeValue(v); err != nil {
			return fmt.Errorf("%s: its value does not fit JSON and gob cannot hold it: %w", where(path), err)
		}
		data, _ := json.Marshal(gobField{Gob: g.Bytes()})
		e.buf.Write(data)
		return nil
	}
	x := v.Interface()
	if v.CanAddr() && v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
		x = v.Addr().Interface() // as encoding/json: pointer methods of an addressable value count
	}
	data, err := json.Marshal(x)
	if err != nil {
		return fmt.Errorf("%s: %w", where(path), err)
	}
	e.buf.Write(data)
	return nil
}

// readable returns v, or, if v was reached through an unexported embedded
// struct (whose exported fields encoding/json promotes), the same
// variable without the read-only mark.
func readable(v reflect.Value) reflect.Value {
	if v.CanInterface() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem()
}

func (e *encoder) iface(v reflect.Value, path string) error {
	if v.IsNil() {
		e.buf.WriteString("null")
		return nil
	}
	d := v.Elem()
	if v.Type().NumMethod() == 0 && isPlainJSON(d) {
		if m, ok := d.Interface().(map[string]any); !ok || !hasKey(m, "$type") {
			data, _ := json.Marshal(d.Interface()) // plain JSON data: cannot fail
			e.buf.Write(data)
			return nil
		}
	}
	name, ok := core.RegisteredName(d.Type())
	if !ok && e.lenient {
		return e.value(d, path)
	}
	if !ok {
		return unregistered(v.Type(), d.Type(), path)
	}
	e.buf.WriteString(`{"$type":`)
	data, _ := json.Marshal(name)
	e.buf.Write(data)
	e.buf.WriteString(`,"value":`)
	if err := e.value(d, path); err != nil {
		return err
	}
	e.buf.WriteByte('}')
	return nil
}

func hasKey(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// unregistered is the error of storing a value of dynamic type dt, not
// registered, in the interface it at path.
func unregistered(it, dt reflect.Type, path string) error {
	iname := core.InterfaceName(it)
	if core.TypeName(dt) == "" {
		return &typeError{fmt.Sprintf("%s (%s) holds a %v, a type without a name, and an interface value is stored with the name of its type: declare a named type for it and register it with durgen.RegisterType[%s] in an init func",
			where(path), iname, dt, iname)}
	}
	return &typeError{fmt.Sprintf("%s (%s) holds a %v, which is not registered, and an interface value is stored with its type: call durgen.RegisterType[%s](%s) in an init func, in every process that runs the workflow",
		where(path), iname, dt, iname, core.Example(dt))}
}

// isPlainJSON reports whether v (an interface's dynamic value) is data that
// encoding/json reads back into an empty interface exactly.
func isPlainJSON(v reflect.Value) bool {
	switch v.Type() {
	case reflect.TypeFor[string]():
		return !lossy(v, nil)
	case reflect.TypeFor[bool]():
		return true
	case reflect.TypeFor[float64]():
		return !lossy(v, nil)
	case reflect.TypeFor[[]any]():
		if v.IsNil() {
			return false // decodes as a nil interface, not a nil slice
		}
		for i := 0; i < v.Len(); i++ {
			if x := v.Index(i); !x.IsNil() && !isPlainJSON(x.Elem()) {
				return false
			}
		}
		return true
	case reflect.TypeFor[map[string]any]():
		if v.IsNil() {
			return false
		}
		it := v.MapRange()
		for it.Next() {
			if x := it.Value(); !x.IsNil() && !isPlainJSON(x.Elem()) {
				return false
			}
		}
		return true
	}
	return false
}

func (e *encoder) mapValue(v reflect.Value, path string) error {
	if v.IsNil() {
		e.buf.WriteString("null")
		return nil
	}
	type entry struct {
		key string
		v   reflect.Value
	}
	var entries []entry
	it := v.MapRange()
	for it.Next() {
		k, err := mapKey(it.Key())
		if err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		entries = append(entries, entry{k, it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	e.buf.WriteByte('{')
	for i, en := range entries {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		k, _ := json.Marshal(en.key)
		e.buf.Write(k)
		e.buf.WriteByte(':')
		if err := e.value(en.v, fmt.Sprintf("%s[%q]", path, en.key)); err != nil {
			return err
		}
	}
	e.buf.WriteByte('}')
	return nil
}

// mapKey returns the object key encoding/json writes for the map key k.
func mapKey(k reflect.Value) (string, error) {
	if k.Kind() == reflect.String {
		return k.String(), nil
	}
	if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
		if k.Kind() == reflect.Pointer && k.IsNil() {
			return "", nil
		}
		b, err := tm.MarshalText()
		return string(b), err
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10), nil
	}
	return "", fmt.Errorf("unsupported map key type %v", k.Type())
}

func (e *encoder) structValue(v reflect.Value, path string) error {
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	e.buf.WriteByte('{')
	first := true
	for _, f := range structFields(v.Type()) {
		fv, ok := fieldOf(v, f.index)
		if !ok || f.omitEmpty && isEmptyValue(fv) || f.omitZero && isZeroValue(fv) {
			continue
		}
		if !first {
			e.buf.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(f.name)
		e.buf.Write(name)
		e.buf.WriteByte(':')
		fpath := f.goName
		if path != "" {
			fpath = path + "." + f.goName
		}
		if f.quoted {
			if err := e.quoted(fv, fpath); err != nil {
				return err
			}
			continue
		}
		if err := e.value(fv, fpath); err != nil {
			return err
		}
	}
	e.buf.WriteByte('}')
	return nil
}

// quoted writes a field with the string option: its JSON inside a string.
func (e *encoder) quoted(v reflect.Value, path string) error {
	v = readable(v)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		v = v.Elem()
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Errorf("%s: %w", where(path), err)
	}
	data, _ = json.Marshal(string(data))
	e.buf.Write(data)
	return nil
}

// fieldOf returns the field of v at index, through embedded pointers, and
// false if one of them is nil.
func fieldOf(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

type isZeroer interface{ IsZero() bool }

var isZeroerType = reflect.TypeFor[isZeroer]()

func isZeroValue(v reflect.Value) bool {
	v = readable(v)
	t := v.Type()
	switch {
	case t.Kind() == reflect.Interface || t.Kind() == reflect.Pointer:
		if v.IsNil() {
			return true
		}
		if t.Kind() == reflect.Interface || !t.Implements(isZeroerType) {
			return v.IsZero()
		}
		return v.Interface().(isZeroer).IsZero()
	case t.Implements(isZeroerType):
		return v.Interface().(isZeroer).IsZero()
	case reflect.PointerTo(t).Implements(isZeroerType) && v.CanAddr():
		return v.Addr().Interface().(isZeroer).IsZero()
	}
	return v.IsZero()
}

// field is a struct field as encoding/json sees it.
type field struct {
	name      string // the JSON key
	goName    string // for messages
	tagged    bool
	index     []int
	omitEmpty bool
	omitZero  bool
	quoted    bool
}

var fieldsCache sync.Map // reflect.Type -> []field

// structFields returns the fields encoding/json writes for the struct type
// t, in its order: exported fields and the promoted fields of embedded
// structs, named by their tags, with the dominant field kept where names
// collide (the rules of encoding/json's typeFields).
func structFields(t reflect.Type) []field {
	if fs, ok := fieldsCache.Load(t); ok {
		return fs.([]field)
	}
	type level struct {
		typ   reflect.Type
		index []int
	}
	var fields []field
	next := []level{{typ: t}}
	var count, nextCount map[reflect.Type]int
	visited := map[reflect.Type]bool{}
	for len(next) > 0 {
		current := next
		next = nil
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, l := range current {
			if visited[l.typ] {
				continue
			}
			visited[l.typ] = true
			for i := 0; i < l.typ.NumField(); i++ {
				sf := l.typ.Field(i)
				if sf.Anonymous {
					ft := sf.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !isValidTag(name) {
					name = ""
				}
				index := append(slices.Clip(l.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					f := field{name: name, goName: sf.Name, tagged: name != "", index: index,
						omitEmpty: hasOption(opts, "omitempty"), omitZero: hasOption(opts, "omitzero")}
					if f.name == "" {
						f.name = sf.Name
					}
					if hasOption(opts, "string") {
						switch ft.Kind() {
						case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
							reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
							reflect.Float32, reflect.Float64, reflect.String:
							f.quoted = true
						}
					}
					fields = append(fields, f)
					if count[l.typ] > 1 {
						// Two embeddings of one type at this depth:
						// the duplicate annihilates both below.
						fields = append(fields, fields[len(fields)-1])
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, level{typ: ft, index: index})
				}
			}
		}
	}
	slices.SortStableFunc(fields, func(a, b field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := len(a.index) - len(b.index); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return 1
		}
		return slices.Compare(a.index, b.index)
	})
	out := fields[:0]
	for i := 0; i < len(fields); {
		j := i + 1
		for j < len(fields) && fields[j].name == fields[i].name {
			j++
		}
		group := fields[i:j]
		if len(group) == 1 || len(group[0].index) != len(group[1].index) || group[0].tagged != group[1].tagged {
			out = append(out, group[0])
		}
		i = j
	}
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	fieldsCache.Store(t, out)
	return out
}

func hasOption(opts, name string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == name {
			return true
		}
	}
	return false
}

func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// decodeTyped reads data, written by encodeTyped, into v, which must be
// settable; path names v in errors.
func decodeTyped(data []byte, v reflect.Value, path string) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return fmt.Errorf("%s: no data", where(path))
	}
	return decodeValue(data, v, path)
}

func decodeValue(data []byte, v reflect.Value, path string) error {
	t := v.Type()
	v = readable(v)
	if isGob(data) && t.Kind() != reflect.Interface {
		var g gobField
		if err := json.Unmarshal(data, &g); err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		if err := gob.NewDecoder(bytes.NewReader(g.Gob)).DecodeValue(v); err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		return nil
	}
	if !holdsInterface(t) {
		if err := json.Unmarshal(data, v.Addr().Interface()); err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		return nil
	}
	if string(data) == "null" {
		switch t.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
			v.SetZero()
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		return decodeIface(data, v, path)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return decodeValue(data, v.Elem(), path)
	case reflect.Slice, reflect.Array:
		var elems []json.RawMessage
		if err := json.Unmarshal(data, &elems); err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		if t.Kind() == reflect.Slice {
			v.Set(reflect.MakeSlice(t, len(elems), len(elems)))
		}
		for i := 0; i < v.Len(); i++ {
			if i >= len(elems) {
				v.Index(i).SetZero()
				continue
			}
			if err := decodeValue(elems[i], v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		members, err := objectMembers(data)
		if err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(t, len(members)))
		}
		for _, m := range members {
			k, err := parseMapKey(m.key, t.Key())
			if err != nil {
				return fmt.Errorf("%s: %w", where(path), err)
			}
			ev := reflect.New(t.Elem()).Elem()
			if err := decodeValue(m.value, ev, fmt.Sprintf("%s[%q]", path, m.key)); err != nil {
				return err
			}
			v.SetMapIndex(k, ev)
		}
		return nil
	case reflect.Struct:
		return decodeStruct(data, v, path)
	}
	return fmt.Errorf("%s: cannot decode %v", where(path), t)
}

func isGob(data []byte) bool { return bytes.HasPrefix(data, []byte(`{"$gob":`)) }

func decodeIface(data []byte, v reflect.Value, path string) error {
	t := v.Type()
	if data[0] == '{' {
		members, err := objectMembers(data)
		if err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		var tv typedValue
		hasType := false
		for _, m := range members {
			switch m.key {
			case "$type":
				hasType = true
				if err := json.Unmarshal(m.value, &tv.Type); err != nil {
					return fmt.Errorf("%s: $type: %w", where(path), err)
				}
			case "value":
				tv.Value = m.value
			}
		}
		if hasType {
			dt, ok := core.LookupType(tv.Type)
			if !ok {
				iname := core.InterfaceName(t)
				return &typeError{fmt.Sprintf("%s (%s) was stored holding a %s, which is not registered in this process: call durgen.RegisterType[%s] with a value of that type in an init func",
					where(path), iname, tv.Type, iname)}
			}
			if !dt.AssignableTo(t) {
				return fmt.Errorf("%s (%s) was stored holding a %s, which does not implement it", where(path), core.InterfaceName(t), tv.Type)
			}
			dv := reflect.New(dt).Elem()
			if tv.Value != nil {
				if err := decodeValue(bytes.TrimSpace(tv.Value), dv, path); err != nil {
					return err
				}
			}
			v.Set(dv)
			return nil
		}
	}
	if t.NumMethod() == 0 {
		var x any
		if err := json.Unmarshal(data, &x); err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		v.Set(reflect.ValueOf(&x).Elem())
		return nil
	}
	return fmt.Errorf("%s (%s) was stored without its dynamic type (no $type), which durgen cannot read back", where(path), core.InterfaceName(t))
}

func decodeStruct(data []byte, v reflect.Value, path string) error {
	members, err := objectMembers(data)
	if err != nil {
		return fmt.Errorf("%s: %w", where(path), err)
	}
	fields := structFields(v.Type())
	for _, m := range members {
		f := findField(fields, m.key)
		if f == nil {
			continue
		}
		fv, err := settableField(v, f.index)
		if err != nil {
			return fmt.Errorf("%s: %w", where(path), err)
		}
		fpath := f.goName
		if path != "" {
			fpath = path + "." + f.goName
		}
		if f.quoted && string(m.value) != "null" {
			var s string
			if err := json.Unmarshal(m.value, &s); err != nil {
				return fmt.Errorf("%s: the string option wants a string: %w", fpath, err)
			}
			if err := json.Unmarshal([]byte(s), fv.Addr().Interface()); err != nil {
				return fmt.Errorf("%s: %w", fpath, err)
			}
			continue
		}
		if err := decodeValue(m.value, fv, fpath); err != nil {
			return err
		}
	}
	return nil
}

// findField returns the field named key: by exact name, or else ignoring
// case, as encoding/json matches.
func findField(fields []field, key string) *field {
	for i := range fields {
		if fields[i].name == key {
			return &fields[i]
		}
	}
	for i := range fields {
		if strings.EqualFold(fields[i].name, key) {
			return &fields[i]
		}
	}
	return nil
}

// settableField returns the field of v at index, making the embedded
// pointers on the way.
func settableField(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, fmt.Errorf("cannot set embedded pointer to unexported struct %v", v.Type().Elem())
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = readable(v.Field(x))
	}
	return v, nil
}

// member is one member of a JSON object, in order.
type member struct {
	key   string
	value json.RawMessage
}

// objectMembers returns the members of the JSON object data, in order.
func objectMembers(data []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("want a JSON object, have %.40s", data)
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, member{key, bytes.TrimSpace(raw)})
	}
	return out, nil
}

// parseMapKey reads an object key as a map key of type kt, as
// encoding/json does.
func parseMapKey(key string, kt reflect.Type) (reflect.Value, error) {
	if reflect.PointerTo(kt).Implements(textUnmarshaler) {
		kv := reflect.New(kt)
		if err := kv.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(key)); err != nil {
			return reflect.Value{}, err
		}
		return kv.Elem(), nil
	}
	switch kt.Kind() {
	case reflect.String:
		return reflect.ValueOf(key).Convert(kt), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(key, 10, 64)
		if err != nil || reflect.Zero(kt).OverflowInt(n) {
			return reflect.Value{}, fmt.Errorf("map key %q is not a %v", key, kt)
		}
		return reflect.ValueOf(n).Convert(kt), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(key, 10, 64)
		if err != nil || reflect.Zero(kt).OverflowUint(n) {
			return reflect.Value{}, fmt.Errorf("map key %q is not a %v", key, kt)
		}
		return reflect.ValueOf(n).Convert(kt), nil
	}
	return reflect.Value{}, fmt.Errorf("unsupported map key type %v", kt)
}

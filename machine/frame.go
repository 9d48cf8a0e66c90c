package machine

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sync"
	"unicode/utf8"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/internal/core"
)

// Label is embedded in every generated frame: PC is the label the frame
// resumes at. Label 0 is the workflow's entry.
type Label struct {
	PC int `json:"pc"`
}

// At returns the label the frame resumes at.
func (l *Label) At() int { return l.PC }

// Frame is a workflow's durable stack: a generated struct that embeds Label
// and holds the hoisted locals, named after the source variables.
type Frame interface {
	// At returns the label the frame resumes at.
	At() int
	// Step runs the continuation at the frame's label up to the next await
	// point and returns the command that suspends it. It updates the frame
	// in place: after Step, the frame is the checkpoint to save with the
	// command.
	Step(ctx durgen.Context) Command
}

// EncodeFrame returns the stored (JSON) form of f: an object with the label
// ("pc") and one member per field, named by its JSON tag, in declaration
// order.
//
// The encoding round-trips every value faithfully or fails: a field of
// static type error is stored as its message and registered sentinels (see
// durgen.RegisterError); an interface value (in a field of an interface
// type marked //durgen:persist, or in a slice, map, array or struct field
// of one) is stored as {"$type": name of its dynamic type, "value": ...},
// and storing one whose type is not registered with durgen.RegisterType
// fails with an error matching ErrUnregisteredType (see frame_iface.go); a
// field whose value JSON cannot hold exactly (a NaN or infinite float, a
// string that is not valid UTF-8, a struct field tagged json:"-") is stored
// as {"$gob": base64 of its encoding/gob form}; everything else uses
// encoding/json, so a sleeping instance's locals stay readable.
func EncodeFrame(f Frame) ([]byte, error) {
	v := reflect.ValueOf(f).Elem()
	t := v.Type()
	errFields := errorFields(t)
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous && sf.Type == reflect.TypeOf(Label{}) {
			if !first {
				buf.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&buf, `"pc":%d`, v.Field(i).Field(0).Int())
			continue
		}
		if !sf.IsExported() {
			continue
		}
		var data []byte
		fv := v.Field(i)
		switch {
		case errFields[i]:
			err, _ := fv.Interface().(error)
			data = core.EncodeError(err)
		case holdsInterface(sf.Type):
			var err error
			if data, err = encodeTyped(fv, sf.Name, false); err != nil {
				return nil, fmt.Errorf("encode frame field %s: %w", sf.Name, err)
			}
		case lossy(fv, map[uintptr]bool{}):
			var g bytes.Buffer
			if err := gob.NewEncoder(&g).EncodeValue(fv); err != nil {
				return nil, fmt.Errorf("encode frame field %s: its value does not fit JSON and gob cannot hold it: %w", sf.Name, err)
			}
			data, _ = json.Marshal(gobField{Gob: g.Bytes()})
		default:
			var err error
			if data, err = json.Marshal(fv.Interface()); err != nil {
				return nil, fmt.Errorf("encode frame field %s: %w", sf.Name, err)
			}
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(jsonName(sf))
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(data)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// gobField is the stored form of a field that JSON cannot hold exactly.
type gobField struct {
	Gob []byte `json:"$gob"`
}

// DecodeFrame reads the stored form of a frame into f.
func DecodeFrame(data []byte, f Frame) error {
	v := reflect.ValueOf(f).Elem()
	t := v.Type()
	errFields := errorFields(t)
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous && sf.Type == reflect.TypeOf(Label{}) {
			if raw, ok := fields["pc"]; ok {
				if err := json.Unmarshal(raw, v.Field(i).Field(0).Addr().Interface()); err != nil {
					return fmt.Errorf("decode frame label: %w", err)
				}
			}
			continue
		}
		raw, ok := fields[jsonName(sf)]
		if !ok || !sf.IsExported() {
			continue
		}
		if errFields[i] {
			err, derr := core.DecodeError(raw)
			if derr != nil {
				return fmt.Errorf("decode frame field %s: %w", sf.Name, derr)
			}
			if err != nil {
				v.Field(i).Set(reflect.ValueOf(err))
			}
			continue
		}
		if holdsInterface(sf.Type) {
			if err := decodeTyped(raw, v.Field(i), sf.Name); err != nil {
				return fmt.Errorf("decode frame field %s: %w", sf.Name, err)
			}
			continue
		}
		if bytes.HasPrefix(raw, []byte(`{"$gob":`)) {
			var g gobField
			if err := json.Unmarshal(raw, &g); err != nil {
				return fmt.Errorf("decode frame field %s: %w", sf.Name, err)
			}
			if err := gob.NewDecoder(bytes.NewReader(g.Gob)).DecodeValue(v.Field(i)); err != nil {
				return fmt.Errorf("decode frame field %s: %w", sf.Name, err)
			}
			continue
		}
		if err := json.Unmarshal(raw, v.Field(i).Addr().Interface()); err != nil {
			return fmt.Errorf("decode frame field %s: %w", sf.Name, err)
		}
	}
	return nil
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// lossy reports whether encoding/json would not give v back exactly: it
// holds a NaN or an infinity, a string that is not valid UTF-8, or a struct
// with a field tagged json:"-". A value whose type marshals itself is taken
// at its word.
func lossy(v reflect.Value, seen map[uintptr]bool) bool {
	t := v.Type()
	if t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		return false
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		return math.IsNaN(f) || math.IsInf(f, 0)
	case reflect.String:
		return !utf8.ValidString(v.String())
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return false
		}
		seen[v.Pointer()] = true
		return lossy(v.Elem(), seen)
	case reflect.Interface:
		return !v.IsNil() && lossy(v.Elem(), seen)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return false // []byte is base64
		}
		for i := 0; i < v.Len(); i++ {
			if lossy(v.Index(i), seen) {
				return true
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if lossy(it.Key(), seen) || lossy(it.Value(), seen) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			if sf.Tag.Get("json") == "-" {
				return true
			}
			if lossy(v.Field(i), seen) {
				return true
			}
		}
	}
	return false
}

var (
	errorType     = reflect.TypeFor[error]()
	errorFieldsMu sync.Mutex
	errorFieldsOf = map[reflect.Type]map[int]bool{}
)

// errorFields returns the indexes of t's fields of static type error.
func errorFields(t reflect.Type) map[int]bool {
	errorFieldsMu.Lock()
	defer errorFieldsMu.Unlock()
	if m, ok := errorFieldsOf[t]; ok {
		return m
	}
	var m map[int]bool
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Type == errorType {
			if m == nil {
				m = map[int]bool{}
			}
			m[i] = true
		}
	}
	errorFieldsOf[t] = m
	return m
}

// jsonName is the key encoding/json uses for sf.
func jsonName(sf reflect.StructField) string {
	tag := sf.Tag.Get("json")
	if i := bytes.IndexByte([]byte(tag), ','); i >= 0 {
		tag = tag[:i]
	}
	if tag == "" {
		return sf.Name
	}
	return tag
}

// EncodeValue returns the stored form of a value that crosses a checkpoint
// (an activity's input or result, a workflow's input or output, a signal's
// payload): its JSON, or {"$gob": ...} when JSON cannot hold it exactly (see
// EncodeFrame). An interface value inside v is stored with its type, as in
// a frame, if its type is registered, and as encoding/json writes it
// otherwise: the analyzer refuses interfaces in the values the runtime
// records, which reach it through plain JSON too (durgen.Go's input).
func EncodeValue(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if rv.IsValid() && holdsInterface(rv.Type()) {
		return encodeTyped(rv, "", true)
	}
	if rv.IsValid() && lossy(rv, map[uintptr]bool{}) {
		var g bytes.Buffer
		if err := gob.NewEncoder(&g).EncodeValue(rv); err != nil {
			return nil, fmt.Errorf("%T does not fit JSON and gob cannot hold it: %w", v, err)
		}
		return json.Marshal(gobField{Gob: g.Bytes()})
	}
	return json.Marshal(v)
}

// DecodeValue reads a value stored by EncodeValue into ptr.
func DecodeValue(data []byte, ptr any) error {
	if rv := reflect.ValueOf(ptr); rv.Kind() == reflect.Pointer && !rv.IsNil() && holdsInterface(rv.Type().Elem()) {
		return decodeTyped(data, rv.Elem(), "")
	}
	if bytes.HasPrefix(data, []byte(`{"$gob":`)) {
		var g gobField
		if err := json.Unmarshal(data, &g); err != nil {
			return err
		}
		return gob.NewDecoder(bytes.NewReader(g.Gob)).Decode(ptr)
	}
	return json.Unmarshal(data, ptr)
}

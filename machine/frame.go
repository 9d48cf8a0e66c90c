package machine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

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

// EncodeFrame returns the stored (JSON) form of f. Fields of static type
// error are stored as their message and registered sentinels (see
// durgen.RegisterError); everything else uses encoding/json.
func EncodeFrame(f Frame) ([]byte, error) {
	v := reflect.ValueOf(f).Elem()
	errFields := errorFields(v.Type())
	if len(errFields) == 0 {
		return json.Marshal(f)
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	t := v.Type()
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
		if errFields[i] {
			err, _ := v.Field(i).Interface().(error)
			data = core.EncodeError(err)
		} else {
			var err error
			if data, err = json.Marshal(v.Field(i).Interface()); err != nil {
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

// DecodeFrame reads the stored form of a frame into f.
func DecodeFrame(data []byte, f Frame) error {
	v := reflect.ValueOf(f).Elem()
	errFields := errorFields(v.Type())
	if len(errFields) == 0 {
		return json.Unmarshal(data, f)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	t := v.Type()
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
		if err := json.Unmarshal(raw, v.Field(i).Addr().Interface()); err != nil {
			return fmt.Errorf("decode frame field %s: %w", sf.Name, err)
		}
	}
	return nil
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

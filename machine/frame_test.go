package machine_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
)

// shape is an interface whose values frames keep (the workflow's package
// would mark it //durgen:persist).
type shape interface{ Area() float64 }

type square struct{ Side float64 }

func (s square) Area() float64 { return s.Side * s.Side }

type circle struct {
	R float64 `json:"r"`
}

func (c *circle) Area() float64 { return math.Pi * c.R * c.R }

// group is a shape made of shapes: interfaces inside a registered type.
type group struct {
	Name   string           `json:"name"`
	Parts  []shape          `json:"parts"`
	ByName map[string]shape `json:"by_name,omitempty"`
}

func (g group) Area() float64 { return 0 }

// blob is a shape nobody registers.
type blob struct{ N int }

func (blob) Area() float64 { return 0 }

// label is registered, but is not a shape.
type label string

func init() {
	durgen.RegisterType[shape](square{}, &circle{}, group{})
	durgen.RegisterType[any](label(""))
}

// holder holds shapes in fields.
type holder struct {
	Main  shape   `json:"main"`
	Spare *shape  `json:"spare,omitempty"`
	Both  []shape `json:"both"`
}

type shapesFrame struct {
	machine.Label
	S      shape         `json:"s"`
	Nil    shape         `json:"nil"`
	List   []shape       `json:"list"`
	ByKey  map[int]shape `json:"by_key"`
	Nested holder        `json:"nested"`
	Ptr    *holder       `json:"ptr"`
	Array  [2]shape      `json:"array"`
	Any    any           `json:"any"`
	Err    error         `json:"err"`
	N      int           `json:"n"`
}

func (f *shapesFrame) Step(ctx durgen.Context) machine.Command { return machine.Return(0, nil) }

func roundTrip(t *testing.T, f *shapesFrame) (*shapesFrame, string) {
	t.Helper()
	data, err := machine.EncodeFrame(f)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if !json.Valid(data) {
		t.Fatalf("not JSON: %s", data)
	}
	got := &shapesFrame{}
	if err := machine.DecodeFrame(data, got); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return got, string(data)
}

func TestFrameInterfaces(t *testing.T) {
	var spare shape = square{1}
	f := &shapesFrame{
		Label: machine.Label{PC: 3},
		S:     &circle{R: 2},
		List:  []shape{square{3}, nil, &circle{1}, group{Name: "g", Parts: []shape{square{4}, &circle{5}}}},
		ByKey: map[int]shape{2: square{2}, 10: group{Name: "h", ByName: map[string]shape{"in": square{6}}}},
		Nested: holder{
			Main:  group{Name: "empty"},
			Spare: &spare,
			Both:  []shape{},
		},
		Ptr:   &holder{Main: &circle{7}},
		Array: [2]shape{nil, square{8}},
		Any:   map[string]any{"a": []any{"x", 1.5, true, nil}, "b": map[string]any{"c": "d"}},
		N:     4,
	}
	got, data := roundTrip(t, f)
	if !reflect.DeepEqual(got, f) {
		t.Errorf("round trip changed the frame:\ngot  %#v\nwant %#v\nstored %s", got, f, data)
	}
	if _, ok := got.S.(*circle); !ok {
		t.Errorf("S is %T, want *circle", got.S)
	}
	for _, want := range []string{
		`"pc":3`,
		`"s":{"$type":"*github.com/durgen/durgen/machine_test.circle","value":{"r":2}}`,
		`"nil":null`,
		`"list":[{"$type":"github.com/durgen/durgen/machine_test.square","value":{"Side":3}},null,`,
		`"by_key":{"10":{"$type":"github.com/durgen/durgen/machine_test.group","value":{"name":"h","parts":null,"by_name":{"in":{"$type"`,
		`"both":[]`,
		`"any":{"a":["x",1.5,true,null],"b":{"c":"d"}}`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("stored frame lacks %s:\n%s", want, data)
		}
	}
	if strings.Contains(data, `"spare":{"$type"`) == false {
		t.Errorf("a pointer to an interface is stored as the interface: %s", data)
	}

	// The zero frame: every interface nil.
	zero, data := roundTrip(t, &shapesFrame{})
	if !reflect.DeepEqual(zero, &shapesFrame{}) {
		t.Errorf("zero frame: got %#v from %s", zero, data)
	}
	if !strings.Contains(data, `"s":null`) || !strings.Contains(data, `"list":null`) {
		t.Errorf("zero frame stored as %s", data)
	}
}

func TestFrameInterfaceLossy(t *testing.T) {
	// A value JSON cannot hold exactly inside an interface: the value is
	// gob, the type stays readable.
	f := &shapesFrame{S: square{math.NaN()}, List: []shape{square{math.Inf(1)}}}
	got, data := roundTrip(t, f)
	if s, ok := got.S.(square); !ok || !math.IsNaN(s.Side) {
		t.Errorf("S = %#v, want square{NaN}; stored %s", got.S, data)
	}
	if s, ok := got.List[0].(square); !ok || !math.IsInf(s.Side, 1) {
		t.Errorf("List[0] = %#v, want square{+Inf}", got.List[0])
	}
	if !strings.Contains(data, `"s":{"$type":"github.com/durgen/durgen/machine_test.square","value":{"$gob":`) {
		t.Errorf("stored %s", data)
	}
}

func TestFrameInterfaceUnregistered(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    *shapesFrame
		want string
	}{
		{"a field", &shapesFrame{S: blob{1}},
			"encode frame field S: S (machine_test.shape) holds a machine_test.blob, which is not registered, and an interface value is stored with its type: call durgen.RegisterType[machine_test.shape](machine_test.blob{}) in an init func"},
		{"a pointer", &shapesFrame{S: &blob{1}},
			"holds a *machine_test.blob, which is not registered, and an interface value is stored with its type: call durgen.RegisterType[machine_test.shape](&machine_test.blob{})"},
		{"a slice element", &shapesFrame{List: []shape{square{1}, blob{}}},
			"List[1] (machine_test.shape) holds a machine_test.blob"},
		{"inside a registered type", &shapesFrame{ByKey: map[int]shape{7: group{Parts: []shape{blob{}}}}},
			"ByKey[\"7\"].Parts[0] (machine_test.shape) holds a machine_test.blob"},
		{"a struct field", &shapesFrame{Ptr: &holder{Main: blob{}}},
			"Ptr.Main (machine_test.shape) holds a machine_test.blob"},
		{"an int in an empty interface", &shapesFrame{Any: 3},
			"Any (any) holds a int, which is not registered, and an interface value is stored with its type: call durgen.RegisterType[any](int(0))"},
		{"a type without a name", &shapesFrame{Any: []int{1}},
			"Any (any) holds a []int, a type without a name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := machine.EncodeFrame(tc.f)
			if err == nil {
				t.Fatal("encoded a frame with an unregistered dynamic type")
			}
			if !errors.Is(err, machine.ErrUnregisteredType) {
				t.Errorf("error does not match ErrUnregisteredType: %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tc.want)
			}
		})
	}
}

func TestFrameInterfaceDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
		unregistered     bool
	}{
		{"unknown type", `{"pc":1,"s":{"$type":"example.com/gone.Shape","value":{}}}`,
			"decode frame field S: S (machine_test.shape) was stored holding a example.com/gone.Shape, which is not registered in this process: call durgen.RegisterType[machine_test.shape] with a value of that type", true},
		{"not a shape", `{"pc":1,"list":[{"$type":"github.com/durgen/durgen/machine_test.label","value":"x"}]}`,
			"List[0] (machine_test.shape) was stored holding a github.com/durgen/durgen/machine_test.label, which does not implement it", false},
		{"no type", `{"pc":1,"s":{"Side":1}}`,
			"S (machine_test.shape) was stored without its dynamic type", false},
		{"bad value", `{"pc":1,"s":{"$type":"github.com/durgen/durgen/machine_test.square","value":"big"}}`,
			"decode frame field S: S: json: cannot unmarshal string", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := machine.DecodeFrame([]byte(tc.data), &shapesFrame{})
			if err == nil {
				t.Fatal("decoded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tc.want)
			}
			if errors.Is(err, machine.ErrUnregisteredType) != tc.unregistered {
				t.Errorf("errors.Is(err, ErrUnregisteredType) = %v", !tc.unregistered)
			}
		})
	}
}

// The values the runtime records store registered interface values with
// their type, and others as before.
func TestValueInterfaces(t *testing.T) {
	in := holder{Main: group{Name: "g", Parts: []shape{&circle{1}}}, Both: []shape{square{2}}}
	data, err := machine.EncodeValue(in)
	if err != nil {
		t.Fatal(err)
	}
	var got holder
	if err := machine.DecodeValue(data, &got); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("got %#v, want %#v", got, in)
	}

	// Unregistered: written as encoding/json writes it.
	loose := map[string]any{"n": 3, "b": blob{2}}
	data, err = machine.EncodeValue(loose)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := json.Marshal(loose); string(data) != string(want) {
		t.Errorf("EncodeValue(%v) = %s, want %s", loose, data, want)
	}
}

type Embedded struct {
	A int
	B any `json:"b,omitempty"`
}

type promoted struct {
	C string
	D any
}

type Clash struct{ Same any }

type Clash2 struct{ Same any }

// conform holds interfaces (plain data here) in fields of every form
// encoding/json treats specially: its encoding must be encoding/json's.
type conform struct {
	Embedded
	*promoted
	Clash
	Clash2
	X      any              `json:"x"`
	Y      int              `json:"y,string"`
	Q      *string          `json:"q,string"`
	Z      *int             `json:",omitempty"`
	Hidden any              `json:"-"`
	Dash   any              `json:"-,"`
	T      time.Time        `json:"t"`
	O      struct{ P any }  `json:"o,omitzero"`
	E      []any            `json:"e,omitempty"`
	M      map[int]any      `json:"m"`
	K      map[label]any    `json:"k"`
	Arr    [2]any           `json:"arr"`
	Ptr    *any             `json:"ptr"`
	Bytes  []byte           `json:"bytes"`
	Raw    json.RawMessage  `json:"raw"`
	Nest   map[string][]any `json:"nest"`
	Tagged any              `json:"Same"` // beats the two untagged Same
	low    any
}

// clash has two promoted fields of one name at one depth: encoding/json
// drops both.
type clash struct {
	Clash
	Clash2
	X any
}

func TestValueMatchesEncodingJSON(t *testing.T) {
	q := "q"
	var a any = "pointed"
	values := []any{
		conform{},
		clash{Clash{"a"}, Clash2{"b"}, "x"},
		conform{
			Embedded: Embedded{A: 1, B: "b"},
			promoted: &promoted{C: "c", D: []any{1.0}},
			Clash:    Clash{Same: "one"}, Clash2: Clash2{Same: "two"},
			X: map[string]any{"<&>": "html"}, Y: 42, Q: &q, Z: new(int), Hidden: "h", Dash: "dash",
			T: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), O: struct{ P any }{"p"},
			E: []any{}, M: map[int]any{10: "ten", 9: "nine", -1: nil}, K: map[label]any{"z": 1.0, "a": true},
			Arr: [2]any{"x", nil}, Ptr: &a, Bytes: []byte("bytes"), Raw: json.RawMessage(`{"raw":1}`),
			Nest: map[string][]any{"n": {"a", map[string]any{"b": false}}}, Tagged: "tagged", low: "low",
		},
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := machine.EncodeValue(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("EncodeValue:\ngot  %s\nwant %s", got, want)
		}
		// Decoding: as encoding/json, where it can (it cannot make the
		// unexported embedded *promoted).
		if c, ok := v.(conform); ok {
			c.promoted = nil
			v = c
		}
		data, _ := json.Marshal(v)
		jv, dv := reflect.New(reflect.TypeOf(v)), reflect.New(reflect.TypeOf(v))
		if err := json.Unmarshal(data, jv.Interface()); err != nil {
			t.Fatal(err)
		}
		if err := machine.DecodeValue(data, dv.Interface()); err != nil {
			t.Fatalf("DecodeValue(%s): %v", data, err)
		}
		if !reflect.DeepEqual(dv.Interface(), jv.Interface()) {
			t.Errorf("DecodeValue(%s):\ngot  %#v\nwant %#v", data, dv.Elem(), jv.Elem())
		}
	}
}

// A frame with an interface round-trips through a workflow's Resume, the
// way the runtime stores it.
func TestFrameInterfaceResume(t *testing.T) {
	w := &machine.Workflow{Name: "shapes", New: func() machine.Frame { return &shapesFrame{} }}
	data, err := machine.EncodeFrame(&shapesFrame{S: group{Name: "g", Parts: []shape{&circle{1}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, again, err := w.Resume(data, machine.Outcome{})
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Errorf("resumed frame stored as\n%s\nwas\n%s", again, data)
	}
}

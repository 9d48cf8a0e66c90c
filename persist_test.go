package durgen_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
)

type method interface{ Fee() int }

type card struct{ Rate int }

func (c card) Fee() int { return c.Rate }

type wire struct{ Flat int }

func (w *wire) Fee() int { return w.Flat }

type planFrame struct {
	machine.Label
	Methods []method `json:"methods"`
}

func (f *planFrame) Step(ctx durgen.Context) machine.Command { return machine.Return(0, nil) }

func TestRegisterType(t *testing.T) {
	durgen.RegisterType[method](card{}, &wire{})
	durgen.RegisterType[method](card{}) // again: harmless
	data, err := machine.EncodeFrame(&planFrame{Methods: []method{card{2}, &wire{3}, nil}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"pc":0,"methods":[{"$type":"github.com/durgen/durgen_test.card","value":{"Rate":2}},{"$type":"*github.com/durgen/durgen_test.wire","value":{"Flat":3}},null]}`
	if string(data) != want {
		t.Errorf("stored %s\nwant   %s", data, want)
	}
	var f planFrame
	if err := machine.DecodeFrame(data, &f); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%T %T %v", f.Methods[0], f.Methods[1], f.Methods[2]); got != "durgen_test.card *durgen_test.wire <nil>" {
		t.Errorf("decoded %s", got)
	}
}

func TestRegisterTypePanics(t *testing.T) {
	for _, tc := range []struct {
		name     string
		register func()
		want     string
	}{
		{"not an interface", func() { durgen.RegisterType(card{}) },
			"durgen.RegisterType[durgen_test.card]: durgen_test.card is not an interface type; name the interface the values are stored in, as in durgen.RegisterType[Method](durgen_test.card{})"},
		{"nil", func() { durgen.RegisterType[method](card{}, nil) },
			"durgen.RegisterType[durgen_test.method]: argument 2 is a nil interface value"},
		{"declared in a function", func() {
			type card struct{ Rate int }
			durgen.RegisterType[any](card{})
		}, "durgen.RegisterType[any]: durgen_test.card and another type are both named github.com/durgen/durgen_test.card"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			durgen.RegisterType[method](card{}) // the package-level card, first
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				if msg := fmt.Sprint(r); !strings.HasPrefix(msg, tc.want) {
					t.Errorf("panic:\n%s\nwant:\n%s...", msg, tc.want)
				}
			}()
			tc.register()
		})
	}
}

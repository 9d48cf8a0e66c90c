package durgen

import (
	"fmt"
	"reflect"

	"github.com/durgen/durgen/internal/core"
)

// RegisterType registers the concrete types whose values a workflow keeps in
// locals of the interface type I across awaits. A frame stores such a value
// with the name of its dynamic type, as readable JSON:
//
//	"method": {"$type": "example.com/shop.Card", "value": {"number": "4242"}}
//
// and a resume gives back a value of that very type (a *Wire stays a *Wire).
// Nil interface values are stored as null.
//
// Two things make an interface local durable, one for each side. The
// interface's declaration carries the directive //durgen:persist in its doc
// comment, which the analyzer and the generator read: without it, a local
// of the interface live across an await is refused. And every process that
// runs the workflow registers the concrete types, from an init func, by
// passing a value of each:
//
//	// Method is how an order is paid.
//	//
//	//durgen:persist
//	type Method interface{ Fee(amount int) int }
//
//	func init() { durgen.RegisterType[Method](Card{}, &Wire{}) }
//
// Card{} registers Card and &Wire{} registers *Wire, which are distinct
// types; a value's type is registered, not the value. The types must be
// named and persistable themselves (the analyzer checks the arguments of
// RegisterType as it checks locals); they may hold interfaces registered in
// turn, in fields, slices and maps.
//
// Storing a value whose dynamic type is not registered fails the step, with
// an error naming the type and this call (it matches
// machine.ErrUnregisteredType); nothing is stored without its type. So does
// reading back a type this process has not registered.
//
// Interfaces marked //durgen:persist may live in a workflow's locals (and
// in the fields, elements and values of its locals). The values the runtime
// records, activity inputs and results, signals, workflow inputs and
// outputs, are plain JSON and must not hold interfaces.
//
// RegisterType panics if I is not an interface type (name it:
// RegisterType[Method](Card{}), not RegisterType(Card{})), for a nil
// argument, and for a type without a name.
func RegisterType[I any](impls ...I) {
	it := reflect.TypeFor[I]()
	if it.Kind() != reflect.Interface {
		panic(fmt.Sprintf("durgen.RegisterType[%v]: %v is not an interface type; name the interface the values are stored in, as in durgen.RegisterType[Method](%s)",
			it, it, core.Example(it)))
	}
	for i, impl := range impls {
		t := reflect.TypeOf(any(impl))
		if t == nil {
			panic(fmt.Sprintf("durgen.RegisterType[%s]: argument %d is a nil interface value; pass a value of each concrete type, as in T{} or &T{}",
				core.InterfaceName(it), i+1))
		}
		if err := core.RegisterType(t); err != nil {
			panic(fmt.Sprintf("durgen.RegisterType[%s]: %v; declare the type at package level with a name of its own", core.InterfaceName(it), err))
		}
	}
}

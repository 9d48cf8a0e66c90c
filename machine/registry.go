package machine

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"sync"
)

// Workflow describes a generated workflow to the runtime.
type Workflow struct {
	// Name identifies the workflow in the store: its package path and
	// function name.
	Name string
	// Func is the workflow function as written; it is the direct-mode
	// version and the key for LookupFunc.
	Func any
	// Shape hashes the workflow's labels and frame layout; an instance
	// records the shape it was started with.
	Shape string
	// New returns an empty frame to decode a checkpoint into.
	New func() Frame
	// Start returns the frame at label 0 for an encoded input.
	Start func(input json.RawMessage) (Frame, error)
	// Activities are the activities the workflow awaits.
	Activities []*Activity
	// Recv and Method name the receiver type and the method of a workflow
	// that is a method (see DefineMethod); Recv is nil for a function.
	Recv   reflect.Type
	Method string
}

// Activity describes an activity to the runtime.
type Activity struct {
	// Name identifies the activity in the store.
	Name string
	// Func is the activity function.
	Func any
	// Call decodes input, runs the activity and encodes its result.
	Call func(ctx context.Context, input json.RawMessage) (json.RawMessage, error)
}

// Define describes the workflow fn, named name, whose frame at label 0 is
// start(input).
func Define[I any, F any, PF interface {
	*F
	Frame
}](name string, fn any, shape string, start func(I) PF, activities ...*Activity) *Workflow {
	return &Workflow{
		Name:  name,
		Func:  fn,
		Shape: shape,
		New:   func() Frame { return PF(new(F)) },
		Start: func(input json.RawMessage) (Frame, error) {
			var in I
			if err := DecodeValue(input, &in); err != nil {
				return nil, fmt.Errorf("durgen: decode input of workflow %s as %T: %w", name, in, err)
			}
			return start(in), nil
		},
		Activities: activities,
	}
}

// NewActivity describes the activity fn, named name.
func NewActivity[I, O any](name string, fn func(context.Context, I) (O, error)) *Activity {
	return &Activity{
		Name: name,
		Func: fn,
		Call: func(ctx context.Context, input json.RawMessage) (json.RawMessage, error) {
			var in I
			if err := DecodeValue(input, &in); err != nil {
				return nil, fmt.Errorf("durgen: decode input of activity %s as %T: %w", name, in, err)
			}
			out, err := fn(ctx, in)
			// The result is kept with an error too: Go lets a function
			// return both, and the workflow sees both.
			data, merr := EncodeValue(out)
			if err != nil {
				if merr != nil {
					return nil, err
				}
				return data, err
			}
			if merr != nil {
				return nil, fmt.Errorf("durgen: encode result of activity %s: %w", name, merr)
			}
			return data, nil
		},
	}
}

var registry = struct {
	sync.RWMutex
	workflows  map[string]*Workflow
	byFunc     map[uintptr]*Workflow
	activities map[string]*Activity
}{
	workflows:  map[string]*Workflow{},
	byFunc:     map[uintptr]*Workflow{},
	activities: map[string]*Activity{},
}

// Register records w and its activities. Generated code calls it from init.
// Registering a second workflow or activity under a name already taken
// panics: two definitions would make stored instances ambiguous.
func Register(w *Workflow) {
	registry.Lock()
	defer registry.Unlock()
	if old, ok := registry.workflows[w.Name]; ok && old != w {
		panic(fmt.Sprintf("durgen: workflow %s registered twice", w.Name))
	}
	registry.workflows[w.Name] = w
	if w.Func != nil {
		registry.byFunc[reflect.ValueOf(w.Func).Pointer()] = w
	}
	for _, a := range w.Activities {
		registerActivity(a)
	}
}

// RegisterActivity records a, for activities that no generated workflow
// names (a worker's own, or a method value bound to a receiver).
func RegisterActivity(a *Activity) {
	registry.Lock()
	defer registry.Unlock()
	registerActivity(a)
}

func registerActivity(a *Activity) {
	if old, ok := registry.activities[a.Name]; ok && old.Func != nil && a.Func != nil &&
		reflect.ValueOf(old.Func).Pointer() != reflect.ValueOf(a.Func).Pointer() {
		panic(fmt.Sprintf("durgen: activity %s registered twice with different functions", a.Name))
	}
	registry.activities[a.Name] = a
}

// Lookup returns the workflow registered under name.
func Lookup(name string) (*Workflow, bool) {
	registry.RLock()
	defer registry.RUnlock()
	w, ok := registry.workflows[name]
	return w, ok
}

// LookupFunc returns the workflow whose function is fn.
func LookupFunc(fn any) (*Workflow, bool) {
	if fn == nil || reflect.TypeOf(fn).Kind() != reflect.Func {
		return nil, false
	}
	registry.RLock()
	defer registry.RUnlock()
	w, ok := registry.byFunc[reflect.ValueOf(fn).Pointer()]
	return w, ok
}

// LookupActivity returns the activity registered under name.
func LookupActivity(name string) (*Activity, bool) {
	registry.RLock()
	defer registry.RUnlock()
	a, ok := registry.activities[name]
	return a, ok
}

// Workflows returns the names of the registered workflows, sorted.
func Workflows() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.workflows))
	for name := range registry.workflows {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// DefineMethod describes the workflow that is method method of receiver
// type R. fn is the method value of a zero receiver, which identifies the
// method (runtime.Start finds the workflow by any receiver's method value);
// the receiver the steps use is the one bound with Bind.
func DefineMethod[R any, I any, F any, PF interface {
	*F
	Frame
}](name, method string, fn any, shape string, start func(I) PF, activities ...*Activity) *Workflow {
	w := Define(name, fn, shape, start, activities...)
	w.Recv, w.Method = reflect.TypeFor[R](), method
	return w
}

var receivers = struct {
	sync.RWMutex
	byType map[reflect.Type]any
}{byType: map[reflect.Type]any{}}

// Bind supplies receiver to the workflows that are methods of its type: the
// place for handles (database pools, clients) a workflow's steps use. It is
// never saved; every worker process binds its own (runtime.Options.Receivers
// does it). A second Bind of the same type replaces the first.
func Bind(receiver any) {
	receivers.Lock()
	defer receivers.Unlock()
	receivers.byType[reflect.TypeOf(receiver)] = receiver
}

// Receiver returns the receiver bound for type R. It panics, naming the
// type, if none was: the step fails and the instance records why.
func Receiver[R any]() R {
	receivers.RLock()
	r, ok := receivers.byType[reflect.TypeFor[R]()]
	receivers.RUnlock()
	if !ok {
		panic(fmt.Sprintf("durgen: no receiver of type %v is bound in this process; pass one in runtime.Options.Receivers", reflect.TypeFor[R]()))
	}
	return r.(R)
}

// BoundReceiver returns the receiver bound for the workflow w, which is a
// method, and whether there is one.
func BoundReceiver(w *Workflow) (any, bool) {
	receivers.RLock()
	defer receivers.RUnlock()
	r, ok := receivers.byType[w.Recv]
	return r, ok
}

package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// An error that crosses a checkpoint (an activity's failure, an error local
// live across an await, a workflow's final error) is stored as its message plus
// the registered sentinels it matches with errors.Is. Decoding gives back an
// error with the same message that still matches those sentinels, in any
// process that registered them.

var (
	sentinelsMu sync.RWMutex
	sentinels   []sentinel
)

type sentinel struct {
	key string
	err error
}

// sentinelKey names a sentinel by the package that registered it, its
// dynamic type and its message, which are the same in every process that
// runs the same code: two packages may each register their own
// errors.New("not found").
func sentinelKey(pkg string, err error) string { return fmt.Sprintf("%s:%T:%s", pkg, err, err.Error()) }

// RegisterError records sentinels whose identity survives a checkpoint,
// registered by the package pkg.
func RegisterError(pkg string, errs ...error) {
	sentinelsMu.Lock()
	defer sentinelsMu.Unlock()
next:
	for _, err := range errs {
		if err == nil {
			continue
		}
		key := sentinelKey(pkg, err)
		for _, s := range sentinels {
			if s.key == key {
				continue next
			}
		}
		sentinels = append(sentinels, sentinel{key, err})
	}
}

// encodedError is the stored form of an error.
type encodedError struct {
	Message string   `json:"message"`
	Is      []string `json:"is,omitempty"`
}

// EncodeError returns the stored form of err; nil encodes as JSON null.
func EncodeError(err error) json.RawMessage {
	if err == nil {
		return json.RawMessage("null")
	}
	e := encodedError{Message: err.Error()}
	sentinelsMu.RLock()
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			e.Is = append(e.Is, s.key)
		}
	}
	sentinelsMu.RUnlock()
	data, _ := json.Marshal(e) // strings only: cannot fail
	return data
}

// DecodeError is the inverse of EncodeError.
func DecodeError(data []byte) (error, error) {
	if len(data) == 0 || string(data) == "null" {
		return nil, nil
	}
	var e encodedError
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("decode stored error: %w", err)
	}
	re := &RestoredError{Message: e.Message}
	sentinelsMu.RLock()
	for _, key := range e.Is {
		for _, s := range sentinels {
			if s.key == key {
				re.sentinels = append(re.sentinels, s.err)
			}
		}
	}
	sentinelsMu.RUnlock()
	return re, nil
}

// RestoredError is an error read back from a checkpoint: the original
// message, and errors.Is identity with the registered sentinels it matched.
type RestoredError struct {
	Message   string
	sentinels []error
}

func (e *RestoredError) Error() string { return e.Message }

// Is reports whether the original error matched target, a registered sentinel.
func (e *RestoredError) Is(target error) bool {
	for _, s := range e.sentinels {
		if s == target {
			return true
		}
	}
	return false
}

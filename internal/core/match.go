package core

import "errors"

// Messages returns the messages of err and of every error it wraps,
// including the registered sentinels a RestoredError matches: the names a
// retry policy's NonRetryable list is compared with.
func Messages(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		out = append(out, err.Error())
		var re *RestoredError
		if errors.As(err, &re) {
			for _, s := range re.sentinels {
				out = append(out, s.Error())
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}

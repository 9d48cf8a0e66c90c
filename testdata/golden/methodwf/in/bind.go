package methodwf

import (
	"time"

	"github.com/durgen/durgen/machine"
)

// The worker of this test binds the receiver (a program would pass it in
// runtime.Options.Receivers).
func init() { machine.Bind(&Notifier{Prefix: "n-", Delay: time.Minute}) }

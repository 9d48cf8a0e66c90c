package durgen

import "time"

// Option adjusts one await: its retry policy or its timeout. Options are plain
// data (they encode to JSON), so a []Option shared by several awaits may be
// kept in a local that lives across them.
type Option struct {
	// Retry replaces the worker's default retry policy for this call.
	Retry *RetryPolicy `json:"retry,omitempty"`
	// Timeout bounds each attempt: the activity's context is cancelled when
	// it passes. Zero means the worker's default.
	Timeout time.Duration `json:"timeout,omitempty"`
	// Deadline bounds the whole call, every attempt and the waits between
	// them, from when the call was scheduled: an attempt's context is
	// cancelled when it passes, no attempt starts after it, and the await
	// returns an error matching ErrTimeout. Zero means none.
	Deadline time.Duration `json:"deadline,omitempty"`
}

// RetryPolicy says how often and how fast a failed activity is tried again.
// The zero value means the worker's default.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts in all, the first included;
	// 1 means no retry, 0 means the default.
	MaxAttempts int `json:"max_attempts,omitempty"`
	// InitialInterval is the wait before the second attempt.
	InitialInterval time.Duration `json:"initial_interval,omitempty"`
	// BackoffCoefficient multiplies the wait after each attempt (>= 1).
	BackoffCoefficient float64 `json:"backoff_coefficient,omitempty"`
	// MaxInterval caps the wait between attempts.
	MaxInterval time.Duration `json:"max_interval,omitempty"`
	// Jitter spreads each wait by up to this fraction of it, in [0, 1].
	Jitter float64 `json:"jitter,omitempty"`
	// NonRetryable lists error messages or registered sentinel errors'
	// messages that end the retries at once.
	NonRetryable []string `json:"non_retryable,omitempty"`
}

// Retry sets the retry policy of one await.
func Retry(p RetryPolicy) Option { return Option{Retry: &p} }

// Timeout bounds each attempt of one await.
func Timeout(d time.Duration) Option { return Option{Timeout: d} }

// Deadline bounds one await's activity call as a whole, retries included.
func Deadline(d time.Duration) Option { return Option{Deadline: d} }

package stale

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"github.com/durgen/durgen"
	"github.com/google/uuid"
)

type User struct{ ID, Email string }

type Reminder struct {
	Email string
	Token string
}

func issueLoginToken(ctx context.Context, id string) (string, error) { return "t", nil }
func sendReminder(ctx context.Context, r Reminder) (struct{}, error) { return struct{}{}, nil }
func record(ctx context.Context, d time.Duration) (struct{}, error)  { return struct{}{}, nil }
func charge(ctx context.Context, key string) (struct{}, error)       { return struct{}{}, nil }
func use(...any)                                                     {}

//durgen:workflow
func Elapsed(ctx durgen.Context, u User) (time.Duration, error) {
	start := time.Now()
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	took := time.Since(start) // want `start holds a time\.Now reading from before durgen\.Sleep \(line 29\) and is used in duration arithmetic after it; the reading is stale after a resume .*; take times with durgen\.Now\(ctx\), which is recorded with each step`
	_, err := durgen.Await(ctx, record, took)
	return took, err
}

//durgen:workflow
func Deadline(ctx durgen.Context, u User) (bool, error) {
	deadline := time.Now().Add(48 * time.Hour)
	if _, err := durgen.Await(ctx, sendReminder, Reminder{Email: u.Email}); err != nil {
		return false, err
	}
	return durgen.Now(ctx).After(deadline), nil // want `deadline holds a time\.Now reading from before durgen\.Await \(line 40\)`
}

//durgen:workflow
func Remind(ctx durgen.Context, u User) error {
	token, err := durgen.Await(ctx, issueLoginToken, u.ID)
	if err != nil {
		return err
	}
	if err := durgen.Sleep(ctx, 10*24*time.Hour); err != nil {
		return err
	}
	_, err = durgen.Await(ctx, sendReminder, Reminder{u.Email, token}) // want `token is a value that may expire, created before durgen\.Sleep \(line 52\) and passed to activity sendReminder after it; a token, nonce or signed URL made before a long suspension has often expired when the workflow resumes; create it after the wait, or inside the activity that uses it`
	return err
}

//durgen:workflow
func RandomKey(ctx durgen.Context, u User) error {
	key := uuid.NewString()
	nonce := fmt.Sprint(rand.Int63())
	stamp := fmt.Sprint(time.Now().UnixNano())
	if _, err := durgen.Receive[string](ctx, "approved"); err != nil {
		return err
	}
	_, err := durgen.Await(ctx, charge, key+nonce+stamp) // want `key is a random value, created before durgen\.Receive` `nonce is a random value` `stamp is a value made from the clock`
	return err
}

//durgen:workflow
func PollLoop(ctx durgen.Context, u User) error {
	begin := time.Now()
	for i := 0; i < 10; i++ {
		if time.Since(begin) > time.Hour { // want `begin holds a time\.Now reading from before durgen\.Sleep`
			break
		}
		if err := durgen.Sleep(ctx, time.Minute); err != nil {
			return err
		}
	}
	return nil
}

// Not flagged below.

//durgen:workflow
func NowBeforeFirstAwait(ctx durgen.Context, u User) (time.Duration, error) {
	start := time.Now()
	work := time.Since(start)
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	return work, nil
}

//durgen:workflow
func DurgenNow(ctx durgen.Context, u User) (time.Duration, error) {
	start := durgen.Now(ctx)
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	return durgen.Now(ctx).Sub(start), nil
}

//durgen:workflow
func TokenAfterSleep(ctx durgen.Context, u User) error {
	if err := durgen.Sleep(ctx, 10*24*time.Hour); err != nil {
		return err
	}
	token, err := durgen.Await(ctx, issueLoginToken, u.ID)
	if err != nil {
		return err
	}
	_, err = durgen.Await(ctx, sendReminder, Reminder{u.Email, token})
	return err
}

//durgen:workflow
func KeyAcrossShortAwait(ctx durgen.Context, u User) error {
	key := uuid.NewString()
	if _, err := durgen.Await(ctx, sendReminder, Reminder{Email: u.Email}); err != nil {
		return err
	}
	_, err := durgen.Await(ctx, charge, key)
	return err
}

//durgen:workflow
func NowStoredOnly(ctx durgen.Context, u User) (string, error) {
	created := time.Now()
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return "", err
	}
	use(created)
	return created.Format(time.RFC3339), nil
}

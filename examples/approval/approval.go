// Command approval waits for a person: an expense is sent to an approver,
// who answers with a signal; a reminder goes out every day without an
// answer, and after two reminders the request expires. Signals sent before
// the workflow waits for them are kept, in order. Run it with
//
//	go run ./examples/approval
package main

import (
	"errors"
	"time"

	"github.com/durgen/durgen"
)

//go:generate go run github.com/durgen/durgen/cmd/durgen

// Expense asks for a reimbursement.
type Expense struct {
	ID       string `json:"id"`
	Employee string `json:"employee"`
	Amount   int64  `json:"amount"`
}

// Decision is the approver's answer, sent as the signal "decision".
type Decision struct {
	Approved bool   `json:"approved"`
	By       string `json:"by"`
}

// Outcome is how a request ended.
type Outcome struct {
	Expense   string `json:"expense"`
	Status    string `json:"status"` // paid, rejected or expired
	By        string `json:"by,omitempty"`
	Reminders int    `json:"reminders"`
	Ref       string `json:"ref,omitempty"`
}

// Approve asks for a decision on r, reminds the approver daily, and pays
// the expense once approved.
//
//durgen:workflow
func Approve(ctx durgen.Context, r Expense) (Outcome, error) {
	_, err := durgen.Await(ctx, AskApprover, r)
	if err != nil {
		return Outcome{}, err
	}
	reminders := 0
	var d Decision
	for {
		d, err = durgen.ReceiveWithin[Decision](ctx, "decision", 24*time.Hour)
		if err == nil {
			break
		}
		if !errors.Is(err, durgen.ErrTimeout) {
			return Outcome{}, err
		}
		if reminders == 2 {
			return Outcome{Expense: r.ID, Status: "expired", Reminders: reminders}, nil
		}
		reminders++
		_, err = durgen.Await(ctx, Remind, r)
		if err != nil {
			return Outcome{}, err
		}
	}
	if !d.Approved {
		return Outcome{Expense: r.ID, Status: "rejected", By: d.By, Reminders: reminders}, nil
	}
	ref, err := durgen.Await(ctx, Reimburse, r)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Expense: r.ID, Status: "paid", By: d.By, Reminders: reminders, Ref: ref}, nil
}

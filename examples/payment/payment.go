// Command payment is durgen's demo: the payment workflow of the seed article
// run on a SQLite file by worker processes that are killed with SIGKILL
// part-way and resume at the saved label. Run it with
//
//	go run ./examples/payment
//
// This file is the workflow as its author writes it; payment_durgen.go is
// what `go generate` makes of it; activities.go holds in-process fakes of
// the bank and the mailer; main.go is the demo.
package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
)

//go:generate go run github.com/durgen/durgen/cmd/durgen

// Payment asks to move Amount cents from Payer to Payee.
type Payment struct {
	ID     string `json:"id"`
	Payer  string `json:"payer"`
	Payee  string `json:"payee"`
	Amount int64  `json:"amount"`
}

// Receipt is what a completed payment returns.
type Receipt struct {
	PaymentID     string `json:"payment_id"`
	Account       string `json:"account"`
	TransferRef   string `json:"transfer_ref"`
	Polls         int    `json:"polls"`
	Authorization string `json:"authorization"`
	Moved         string `json:"moved"`
	Emailed       bool   `json:"emailed"`
	Final         string `json:"final"`
}

// ErrInsufficientFunds is returned when the payer cannot cover the payment.
var ErrInsufficientFunds = errors.New("payment: insufficient funds")

func init() { durgen.RegisterError(ErrInsufficientFunds) }

// Pay looks up the payer's account, starts the transfer and polls it every
// 30 minutes while the bank says it is still processing, authorises it,
// checks funds, moves the money, mails the payer, waits ten days for
// disputes and marks the payment final.
//
//durgen:workflow
func Pay(ctx durgen.Context, p Payment) (Receipt, error) {
	acct, err := durgen.Await(ctx, LookupAccount, p.Payer)
	if err != nil {
		return Receipt{}, err
	}
	polls := 0
	var status TransferStatus
	for {
		polls++
		status, err = durgen.Await(ctx, Transfer, TransferRequest{PaymentID: p.ID, From: acct.ID, To: p.Payee, Amount: p.Amount, Poll: polls})
		if err != nil {
			return Receipt{}, err
		}
		if !status.Processing {
			break
		}
		if err := durgen.Sleep(ctx, 30*time.Minute); err != nil {
			return Receipt{}, err
		}
	}
	// Authorise and check funds in parallel; go on when both have arrived.
	authorizing := durgen.Go(ctx, Authorize, AuthRequest{PaymentID: p.ID, Account: acct.ID, Amount: p.Amount})
	checking := durgen.Go(ctx, CheckFunds, FundsRequest{Account: acct.ID, Amount: p.Amount})
	auth, err := authorizing.Get(ctx)
	if err != nil {
		return Receipt{}, err
	}
	funds, err := checking.Get(ctx)
	if err != nil {
		return Receipt{}, err
	}
	if !funds.OK {
		return Receipt{}, fmt.Errorf("payment %s: %w", p.ID, ErrInsufficientFunds)
	}
	moved, err := durgen.Await(ctx, TransferFunds, Movement{PaymentID: p.ID, TransferRef: status.Ref, Authorization: auth.Code, Amount: p.Amount})
	if err != nil {
		return Receipt{}, err
	}
	emailed := false
	if moved.OK {
		_, err = durgen.Await(ctx, SendEmail, Email{To: acct.Email, Subject: fmt.Sprintf("payment %s of %d cents sent", p.ID, p.Amount)})
		if err != nil {
			return Receipt{}, err
		}
		emailed = true
	}
	if err := durgen.Sleep(ctx, 10*24*time.Hour); err != nil {
		return Receipt{}, err
	}
	final, err := durgen.Await(ctx, MarkFinal, FinalRequest{PaymentID: p.ID, MovedRef: moved.Ref})
	if err != nil {
		return Receipt{}, err
	}
	return Receipt{
		PaymentID:     p.ID,
		Account:       acct.ID,
		TransferRef:   status.Ref,
		Polls:         polls,
		Authorization: auth.Code,
		Moved:         moved.Ref,
		Emailed:       emailed,
		Final:         final.Ref,
	}, nil
}

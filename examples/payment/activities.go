package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/durgen/durgen"
)

// The activities are in-process fakes of a bank and a mailer. They are
// deterministic functions of their input, so a workflow gives the same
// result in direct mode and as a state machine, however often it crashes.

// Account is a payer's account.
type Account struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// TransferRequest polls the transfer of a payment; Poll counts the polls.
type TransferRequest struct {
	PaymentID string `json:"payment_id"`
	From      string `json:"from"`
	To        string `json:"to"`
	Amount    int64  `json:"amount"`
	Poll      int    `json:"poll"`
}

// TransferStatus is the bank's answer to a poll.
type TransferStatus struct {
	Ref        string `json:"ref"`
	Processing bool   `json:"processing"`
}

// AuthRequest asks to authorise a payment.
type AuthRequest struct {
	PaymentID string `json:"payment_id"`
	Account   string `json:"account"`
	Amount    int64  `json:"amount"`
}

// Authorization is an authorisation code.
type Authorization struct {
	Code string `json:"code"`
}

// FundsRequest asks whether an account covers an amount.
type FundsRequest struct {
	Account string `json:"account"`
	Amount  int64  `json:"amount"`
}

// Funds is the answer to a FundsRequest.
type Funds struct {
	OK      bool  `json:"ok"`
	Balance int64 `json:"balance"`
}

// Movement moves the money of an authorised transfer.
type Movement struct {
	PaymentID     string `json:"payment_id"`
	TransferRef   string `json:"transfer_ref"`
	Authorization string `json:"authorization"`
	Amount        int64  `json:"amount"`
}

// Moved is the result of a Movement.
type Moved struct {
	OK  bool   `json:"ok"`
	Ref string `json:"ref"`
}

// Email is a message to send.
type Email struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
}

// FinalRequest marks a payment final.
type FinalRequest struct {
	PaymentID string `json:"payment_id"`
	MovedRef  string `json:"moved_ref"`
}

// Final is the ledger's final entry.
type Final struct {
	Ref string `json:"ref"`
}

// StillProcessing is how many polls the fake bank answers "still
// processing" before the transfer goes through.
const StillProcessing = 2

// LookupAccount finds the payer's account.
func LookupAccount(ctx context.Context, payer string) (Account, error) {
	called(ctx, "LookupAccount", payer)
	return Account{ID: "acct-" + payer, Email: payer + "@example.com"}, nil
}

// Transfer starts, then polls, the transfer of a payment.
func Transfer(ctx context.Context, r TransferRequest) (TransferStatus, error) {
	called(ctx, "Transfer", r)
	return TransferStatus{Ref: "tr-" + digest(r.PaymentID, r.From, r.To), Processing: r.Poll <= StillProcessing}, nil
}

// Authorize authorises a payment.
func Authorize(ctx context.Context, r AuthRequest) (Authorization, error) {
	called(ctx, "Authorize", r)
	return Authorization{Code: "auth-" + digest(r.PaymentID, r.Account, fmt.Sprint(r.Amount))}, nil
}

// CheckFunds says whether an account covers an amount; every fake account
// holds 1000.00.
func CheckFunds(ctx context.Context, r FundsRequest) (Funds, error) {
	called(ctx, "CheckFunds", r)
	const balance = 100000
	return Funds{OK: r.Amount <= balance, Balance: balance}, nil
}

// TransferFunds moves the money. A real bank would apply a Movement once
// per idempotency key (durgen.Info(ctx).IdempotencyKey).
func TransferFunds(ctx context.Context, m Movement) (Moved, error) {
	called(ctx, "TransferFunds", m)
	return Moved{OK: true, Ref: "mv-" + digest(m.PaymentID, m.TransferRef, m.Authorization)}, nil
}

// SendEmail sends a message.
func SendEmail(ctx context.Context, e Email) (struct{}, error) {
	called(ctx, "SendEmail", e)
	return struct{}{}, nil
}

// MarkFinal records the payment as final in the ledger.
func MarkFinal(ctx context.Context, r FinalRequest) (Final, error) {
	called(ctx, "MarkFinal", r)
	return Final{Ref: "final-" + digest(r.PaymentID, r.MovedRef)}, nil
}

func digest(parts ...string) string {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%08x", h.Sum32())
}

// Call is one activity invocation as the activity saw it.
type Call struct {
	Activity       string          `json:"activity"`
	InstanceID     string          `json:"instance"`
	Step           int             `json:"step"`
	Attempt        int             `json:"attempt"`
	IdempotencyKey string          `json:"key"`
	Input          json.RawMessage `json:"input"`
}

// onCall, if set, sees every activity invocation. Worker processes print
// them to stdout, as JSON lines for the parent process to collect.
var (
	onCallMu sync.Mutex
	onCall   func(Call)
)

func setOnCall(fn func(Call)) {
	onCallMu.Lock()
	onCall = fn
	onCallMu.Unlock()
}

func called(ctx context.Context, activity string, input any) {
	onCallMu.Lock()
	fn := onCall
	onCallMu.Unlock()
	if fn == nil {
		return
	}
	info := durgen.Info(ctx)
	in, _ := json.Marshal(input)
	fn(Call{
		Activity: activity, InstanceID: info.InstanceID, Step: info.Step, Attempt: info.Attempt,
		IdempotencyKey: info.IdempotencyKey, Input: in,
	})
}

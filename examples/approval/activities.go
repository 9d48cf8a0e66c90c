package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/durgen/durgen"
)

// AskApprover sends the request to the approver.
func AskApprover(ctx context.Context, r Expense) (struct{}, error) {
	called(ctx, "AskApprover", r.ID)
	return struct{}{}, nil
}

// Remind nudges the approver.
func Remind(ctx context.Context, r Expense) (struct{}, error) {
	called(ctx, "Remind", r.ID)
	return struct{}{}, nil
}

// Reimburse pays the employee.
func Reimburse(ctx context.Context, r Expense) (string, error) {
	called(ctx, "Reimburse", r.ID)
	return fmt.Sprintf("wire-%s-%d", r.Employee, r.Amount), nil
}

var (
	callsMu sync.Mutex
	onCall  func(activity, arg string, info durgen.ActivityInfo)
)

func called(ctx context.Context, activity, arg string) {
	callsMu.Lock()
	defer callsMu.Unlock()
	if onCall != nil {
		onCall(activity, arg, durgen.Info(ctx))
	}
}

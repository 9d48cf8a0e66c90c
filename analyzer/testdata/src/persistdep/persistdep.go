// Package persistdep declares interfaces for package persist's workflows:
// the analyzer reads their //durgen:persist marks from this file.
package persistdep

type (
	// Method is how an order is paid.
	//
	//durgen:persist
	Method interface{ Fee(amount int) int }

	// Notifier is not marked.
	Notifier interface{ Notify(msg string) }
)

// Card pays by card.
type Card struct{ Number string }

func (Card) Fee(amount int) int { return amount / 100 }

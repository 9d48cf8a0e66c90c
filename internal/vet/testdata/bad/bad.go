// Package bad holds workflows durgen vet refuses.
package bad

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/durgen/durgen"
)

type Order struct{ ID string }

func charge(ctx context.Context, o Order) (string, error) { return o.ID, nil }

func openDB() *sql.DB { return nil }

//durgen:workflow
func Pay(ctx durgen.Context, o Order) (string, error) {
	db := openDB()
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return "", err
	}
	http.Get("https://example.com")
	_ = db
	return durgen.Await(ctx, charge, o)
}

func wait(ctx durgen.Context) error { return durgen.Sleep(ctx, time.Second) }

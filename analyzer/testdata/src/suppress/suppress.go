package suppress

import (
	"context"
	"database/sql"
	"os"
	"time"

	"github.com/durgen/durgen"
)

func act(ctx context.Context, n int) (int, error) { return n, nil }
func openDB() *sql.DB                             { return nil }
func use(...any)                                  {}

//durgen:workflow
func Suppressed(ctx durgen.Context, n int) (int, error) {
	//durgen:ignore persist the test database is in memory and reopened by the test harness
	db := openDB()
	os.WriteFile("/tmp/scratch", nil, 0o600) //durgen:ignore effect scratch file, rewritten on every run
	start := time.Now()
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	//durgen:ignore stale,effect only logged
	use(db, time.Since(start))
	return n, nil
}

//durgen:workflow
func Malformed(ctx durgen.Context, n int) (int, error) {
	//durgen:ignore persist // want `//durgen:ignore needs a check and a reason; write //durgen:ignore <check> <why the finding does not apply here>`
	db := openDB() // want `db \(\*sql\.DB\) is live across durgen\.Sleep`
	//durgen:ignore persistence it is fine // want `//durgen:ignore names unknown check "persistence"; the checks are persist, alias, await, effect, stale, signature, engine`
	ch := make(chan int) // want `ch \(chan int\) is live across durgen\.Sleep`
	//durgen:ignore effect wrong check named
	f := func() {} // want `f \(func\(\)\) is live across durgen\.Sleep`
	if err := durgen.Sleep(ctx, time.Hour); err != nil {
		return 0, err
	}
	use(db, ch, f)
	return n, nil
}

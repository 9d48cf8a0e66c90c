// Package sqlite is durgen's embedded store: a runtime.Store on one SQLite
// file (modernc.org/sqlite, pure Go, no cgo), in WAL mode with
// synchronous=FULL, so that a committed checkpoint survives a power cut.
//
// Several processes may share the file: writes take SQLite's file lock with
// BEGIN IMMEDIATE and wait for each other up to the busy timeout; leases and
// fencing tokens keep them from running the same step at once.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/durgen/durgen/runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure Open.
type Options struct {
	// Synchronous is SQLite's synchronous pragma; empty means FULL. NORMAL
	// in WAL mode is faster and loses the last commits on power loss (not
	// on a process crash).
	Synchronous string
	// BusyTimeout is how long a write waits for another process's lock;
	// zero means 10s.
	BusyTimeout time.Duration
	// Readers bounds the read connections; zero means 4.
	Readers int
}

// Store is a runtime.Store on one SQLite file.
type Store struct {
	path string
	// w is the only connection that writes. SQLite allows one writer at a
	// time per file; with several writer connections in one process they
	// would contend for the file lock and sleep in the busy handler, and a
	// deferred transaction that upgrades from read to write can fail with
	// SQLITE_BUSY no timeout cures. One connection turns that contention
	// into a Go queue, and the runtime's single committer batches many
	// checkpoints into each of its transactions (group commit).
	w *sql.DB
	// r serves reads; in WAL mode they do not block the writer.
	r *sql.DB
}

var _ runtime.Store = (*Store)(nil)

// Open opens (creating if needed) the SQLite database at path and applies
// the embedded migrations it lacks.
func Open(path string, opts Options) (*Store, error) {
	sync := opts.Synchronous
	if sync == "" {
		sync = "FULL"
	}
	busy := opts.BusyTimeout
	if busy == 0 {
		busy = 10 * time.Second
	}
	readers := opts.Readers
	if readers == 0 {
		readers = 4
	}
	dsn := func(extra ...string) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout("+strconv.FormatInt(busy.Milliseconds(), 10)+")")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+sync+")")
		q.Add("_pragma", "foreign_keys(ON)")
		for i := 0; i+1 < len(extra); i += 2 {
			q.Add(extra[i], extra[i+1])
		}
		return "file:" + uriPath(path) + "?" + q.Encode()
	}
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction,
	// where the busy timeout applies, not at its first write.
	w, err := sql.Open("sqlite", dsn("_txlock", "immediate"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{path: path, w: w}
	if err := s.migrate(context.Background()); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn("_pragma", "query_only(true)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	s.r = r
	return s, nil
}

// uriPath escapes the characters that end or escape a path in an SQLite URI
// filename ('?', '#', '%').
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// migrate applies the embedded migrations numbered above the database's
// version, each in its own write transaction.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS durgen_migrations (
		version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("sqlite: migrate %s: %w", s.path, err)
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlite: migration %s: name must start with its number", base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = s.write(ctx, func(tx *sql.Tx) error {
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM durgen_migrations WHERE version = ?`, n).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO durgen_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				n, base, time.Now().UnixNano())
			return err
		})
		if err != nil {
			return fmt.Errorf("sqlite: migration %s on %s: %w", base, s.path, err)
		}
	}
	return nil
}

// write runs fn in a write transaction on the writer connection.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

const instanceColumns = `id, workflow, shape, status, pc, frame, next_step, input, output, error, version, created_at, updated_at, canceled,
	parent_id, parent_step, compensations`

type scanner interface{ Scan(dest ...any) error }

func scanInstance(row scanner) (*runtime.Instance, error) {
	var (
		in               runtime.Instance
		frame, input     string
		output, errText  sql.NullString
		created, updated int64
		status           string
		parentID, comps  sql.NullString
		parentStep       sql.NullInt64
	)
	if err := row.Scan(&in.ID, &in.Workflow, &in.Shape, &status, &in.PC, &frame, &in.NextStep, &input,
		&output, &errText, &in.Version, &created, &updated, &in.Canceled, &parentID, &parentStep, &comps); err != nil {
		return nil, err
	}
	in.Compensations = rawOrNil(comps)
	in.ParentID, in.ParentStep = parentID.String, int(parentStep.Int64)
	in.Status = runtime.Status(status)
	in.Frame = json.RawMessage(frame)
	in.Input = json.RawMessage(input)
	in.Output = rawOrNil(output)
	in.Error = rawOrNil(errText)
	in.CreatedAt = fromNanos(created)
	in.UpdatedAt = fromNanos(updated)
	return &in, nil
}

const stepColumns = `instance_id, step, kind, pc, activity, input, options, idempotency_key, status, attempt,
	ready_at, lease_owner, lease_expires, fence, result, error, created_at, done_at, waits_for, signal, deadline, no_cancel, heartbeat`

func scanStep(row scanner) (*runtime.Step, error) {
	var (
		st                                  runtime.Step
		kind, status                        string
		input, options, owner, result, errT sql.NullString
		readyAt, created                    int64
		leaseExpires, doneAt                sql.NullInt64
		waitsFor, deadline                  sql.NullInt64
		signal, heartbeat                   sql.NullString
	)
	if err := row.Scan(&st.InstanceID, &st.Number, &kind, &st.PC, &st.Activity, &input, &options, &st.IdempotencyKey,
		&status, &st.Attempt, &readyAt, &owner, &leaseExpires, &st.Fence, &result, &errT, &created, &doneAt,
		&waitsFor, &signal, &deadline, &st.NoCancel, &heartbeat); err != nil {
		return nil, err
	}
	st.Heartbeat = rawOrNil(heartbeat)
	st.WaitsFor = int(waitsFor.Int64)
	st.Signal = signal.String
	if deadline.Valid {
		st.Deadline = fromNanos(deadline.Int64)
	}
	st.Kind = runtime.StepKind(kind)
	st.Status = runtime.StepStatus(status)
	st.Input = rawOrNil(input)
	st.Options = rawOrNil(options)
	st.LeaseOwner = owner.String
	st.Result = rawOrNil(result)
	st.Error = rawOrNil(errT)
	st.ReadyAt = fromNanos(readyAt)
	st.CreatedAt = fromNanos(created)
	if leaseExpires.Valid {
		st.LeaseExpires = fromNanos(leaseExpires.Int64)
	}
	if doneAt.Valid {
		st.DoneAt = fromNanos(doneAt.Int64)
	}
	return &st, nil
}

// InstanceCreate implements runtime.Store.
func (s *Store) InstanceCreate(ctx context.Context, p runtime.InstanceCreateParams) (*runtime.InstanceCreateResult, error) {
	var res runtime.InstanceCreateResult
	err := s.write(ctx, func(tx *sql.Tx) error {
		in, err := scanInstance(tx.QueryRowContext(ctx, `SELECT `+instanceColumns+` FROM instances WHERE id = ?`, p.ID))
		switch {
		case err == nil:
			if in.Workflow != p.Workflow {
				return fmt.Errorf("sqlite: instance %s runs workflow %s, not %s: %w", p.ID, in.Workflow, p.Workflow, runtime.ErrInstanceExists)
			}
			res.Instance = in
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := createInstance(ctx, tx, p, "", 0, false); err != nil {
			return err
		}
		res.Created = true
		res.Instance, err = scanInstance(tx.QueryRowContext(ctx, `SELECT `+instanceColumns+` FROM instances WHERE id = ?`, p.ID))
		return err
	})
	if err != nil {
		if errors.Is(err, runtime.ErrInstanceExists) {
			return nil, err
		}
		return nil, fmt.Errorf("sqlite: create instance %s: %w", p.ID, err)
	}
	return &res, nil
}

// createInstance inserts an instance and its start step; a child names its
// parent's step, and a child of a cancelled parent starts cancelled.
func createInstance(ctx context.Context, tx *sql.Tx, p runtime.InstanceCreateParams, parentID string, parentStep int, canceled bool) error {
	now := p.Now.UnixNano()
	var parent, pstep any
	if parentID != "" {
		parent, pstep = parentID, parentStep
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO instances (id, workflow, shape, status, pc, frame, next_step, input, version, created_at, updated_at,
			parent_id, parent_step, canceled)
		VALUES (?, ?, ?, 'running', 0, ?, 1, ?, 1, ?, ?, ?, ?, ?)`,
		p.ID, p.Workflow, p.Shape, string(p.Frame), string(p.Input), now, now, parent, pstep, canceled); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO steps (instance_id, step, kind, pc, idempotency_key, status, ready_at, created_at)
		VALUES (?, 0, 'start', 0, ?, 'ready', ?, ?)`,
		p.ID, p.ID+"/0", now, now); err != nil {
		return err
	}
	detail := map[string]any{"workflow": p.Workflow}
	if parentID != "" {
		detail["parent"] = parentID
		detail["parent_step"] = parentStep
	}
	return history(ctx, tx, p.ID, -1, now, "started", detail)
}

// InstanceGet implements runtime.Store.
func (s *Store) InstanceGet(ctx context.Context, id string) (*runtime.Instance, error) {
	in, err := scanInstance(s.r.QueryRowContext(ctx, `SELECT `+instanceColumns+` FROM instances WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: instance %s: %w", id, runtime.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: get instance %s: %w", id, err)
	}
	return in, nil
}

// InstanceList implements runtime.Store.
func (s *Store) InstanceList(ctx context.Context, p runtime.InstanceListParams) ([]*runtime.Instance, error) {
	limit := p.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+instanceColumns+` FROM instances
		WHERE (? = '' OR workflow = ?) AND (? = '' OR status = ?)
		ORDER BY created_at DESC, id LIMIT ?`, p.Workflow, p.Workflow, string(p.Status), string(p.Status), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list instances: %w", err)
	}
	defer rows.Close()
	var out []*runtime.Instance
	for rows.Next() {
		in, err := scanInstance(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list instances: %w", err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// StepList implements runtime.Store.
func (s *Store) StepList(ctx context.Context, instanceID string) ([]*runtime.Step, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+stepColumns+` FROM steps WHERE instance_id = ? ORDER BY step`, instanceID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list steps of %s: %w", instanceID, err)
	}
	defer rows.Close()
	var out []*runtime.Step
	for rows.Next() {
		st, err := scanStep(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list steps of %s: %w", instanceID, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// StepClaim implements runtime.Store.
func (s *Store) StepClaim(ctx context.Context, p runtime.StepClaimParams) ([]*runtime.Claim, error) {
	if len(p.Workflows) == 0 || p.Limit <= 0 {
		return nil, nil
	}
	var claims []*runtime.Claim
	err := s.write(ctx, func(tx *sql.Tx) error {
		claims = claims[:0]
		args := []any{p.Owner, p.LeaseExpires.UnixNano(), nullRaw(p.LostError), p.Now.UnixNano(), p.Now.UnixNano(), p.LeaseNow.UnixNano()}
		for _, w := range p.Workflows {
			args = append(args, w)
		}
		args = append(args, p.Limit)
		rows, err := tx.QueryContext(ctx, `UPDATE steps
			SET status = 'running', lease_owner = ?, lease_expires = ?, fence = fence + 1, attempt = attempt + 1,
				error = CASE WHEN status = 'running' AND kind IN ('call', 'go', 'compensate') THEN ? ELSE error END
			WHERE rowid IN (
				SELECT s.rowid FROM steps s JOIN instances i ON i.id = s.instance_id
				WHERE ((s.status = 'ready' AND s.ready_at <= ?) OR (s.status = 'waiting' AND s.deadline <= ?) OR (s.status = 'running' AND s.lease_expires < ?))
				  AND i.status = 'running'
				  AND i.workflow IN (`+placeholders(len(p.Workflows))+`)
				ORDER BY s.ready_at LIMIT ?)
			RETURNING `+stepColumns, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			st, err := scanStep(rows)
			if err != nil {
				rows.Close()
				return err
			}
			claims = append(claims, &runtime.Claim{Step: st})
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, c := range claims {
			if err := history(ctx, tx, c.Step.InstanceID, c.Step.Number, p.Now.UnixNano(), "claimed",
				map[string]any{"attempt": c.Step.Attempt, "owner": p.Owner, "kind": c.Step.Kind}); err != nil {
				return err
			}
			c.Instance, err = scanInstance(tx.QueryRowContext(ctx, `SELECT `+instanceColumns+` FROM instances WHERE id = ?`, c.Step.InstanceID))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim steps: %w", err)
	}
	sort.Slice(claims, func(i, j int) bool { return claims[i].Step.ReadyAt.Before(claims[j].Step.ReadyAt) })
	return claims, nil
}

// StepHeartbeat implements runtime.Store.
func (s *Store) StepHeartbeat(ctx context.Context, p runtime.StepHeartbeatParams) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		return expectOne(tx.ExecContext(ctx, `UPDATE steps SET lease_expires = ?, heartbeat = coalesce(?, heartbeat)
			WHERE instance_id = ? AND step = ? AND status = 'running' AND lease_owner = ? AND fence = ?`,
			p.LeaseExpires.UnixNano(), nullRaw(p.Heartbeat), p.InstanceID, p.Step, p.Owner, p.Fence))
	})
	if err != nil {
		return fmt.Errorf("sqlite: heartbeat step %s/%d: %w", p.InstanceID, p.Step, err)
	}
	return nil
}

// StepRetry implements runtime.Store.
func (s *Store) StepRetry(ctx context.Context, p runtime.StepRetryParams) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		err := expectOne(tx.ExecContext(ctx, `UPDATE steps
			SET status = 'ready', ready_at = ?, error = ?, lease_owner = NULL, lease_expires = NULL, heartbeat = coalesce(?, heartbeat)
			WHERE instance_id = ? AND step = ? AND status = 'running' AND lease_owner = ? AND fence = ?`,
			p.ReadyAt.UnixNano(), nullRaw(p.Error), nullRaw(p.Heartbeat), p.InstanceID, p.Step, p.Owner, p.Fence))
		if err != nil {
			return err
		}
		return history(ctx, tx, p.InstanceID, p.Step, p.Now.UnixNano(), "retried",
			map[string]any{"error": json.RawMessage(p.Error), "ready_at": p.ReadyAt})
	})
	if err != nil {
		return fmt.Errorf("sqlite: retry step %s/%d: %w", p.InstanceID, p.Step, err)
	}
	return nil
}

// StepNextReady implements runtime.Store.
func (s *Store) StepNextReady(ctx context.Context, p runtime.StepNextReadyParams) (time.Time, bool, error) {
	if len(p.Workflows) == 0 {
		return time.Time{}, false, nil
	}
	args := make([]any, len(p.Workflows))
	for i, w := range p.Workflows {
		args[i] = w
	}
	var next sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT min(CASE s.status WHEN 'ready' THEN s.ready_at ELSE s.deadline END)
		FROM steps s JOIN instances i ON i.id = s.instance_id
		WHERE (s.status = 'ready' OR (s.status = 'waiting' AND s.deadline IS NOT NULL))
		  AND i.status = 'running' AND i.workflow IN (`+placeholders(len(p.Workflows))+`)`, args...).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("sqlite: next ready step: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return fromNanos(next.Int64), true, nil
}

// CheckpointCommit implements runtime.Store. Each checkpoint runs in a
// savepoint of the one transaction, so a fenced checkpoint is undone alone.
func (s *Store) CheckpointCommit(ctx context.Context, cps []*runtime.Checkpoint) ([]error, error) {
	errs := make([]error, len(cps))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i, cp := range cps {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT checkpoint`); err != nil {
				return err
			}
			errs[i] = commitOne(ctx, tx, cp)
			if errs[i] != nil {
				if !errors.Is(errs[i], runtime.ErrFenced) {
					return errs[i]
				}
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO checkpoint`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE checkpoint`); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: commit %d checkpoints: %w", len(cps), err)
	}
	return errs, nil
}

func commitOne(ctx context.Context, tx *sql.Tx, cp *runtime.Checkpoint) error {
	now := cp.Now.UnixNano()
	err := expectOne(tx.ExecContext(ctx, `UPDATE steps
		SET status = 'done', result = ?, error = ?, done_at = ?, lease_owner = NULL, lease_expires = NULL
		WHERE instance_id = ? AND step = ? AND status = 'running' AND lease_owner = ? AND fence = ?`,
		nullRaw(cp.Result), nullRaw(cp.Error), now, cp.InstanceID, cp.Step, cp.Owner, cp.Fence))
	if err != nil {
		return fmt.Errorf("step %s/%d (owner %s, fence %d): %w", cp.InstanceID, cp.Step, cp.Owner, cp.Fence, err)
	}
	if err := history(ctx, tx, cp.InstanceID, cp.Step, now, outcomeEvent(cp.Error), errDetail(cp.Error)); err != nil {
		return err
	}
	var canceled bool
	err = tx.QueryRowContext(ctx, `UPDATE instances
		SET frame = ?, pc = ?, status = ?, output = ?, error = ?, next_step = ?, version = version + 1, updated_at = ?,
			compensations = coalesce(?, compensations)
		WHERE id = ? AND version = ? AND status = 'running'
		RETURNING canceled`,
		string(cp.Frame), cp.PC, string(cp.Status), nullRaw(cp.Output), nullRaw(cp.FinalError), cp.NextStep, now,
		nullRaw(cp.Compensations),
		cp.InstanceID, cp.Version).Scan(&canceled)
	if errors.Is(err, sql.ErrNoRows) {
		err = runtime.ErrFenced
	}
	if err != nil {
		return fmt.Errorf("instance %s changed since version %d: %w", cp.InstanceID, cp.Version, err)
	}
	for _, n := range cp.Starts {
		if err := insertStep(ctx, tx, cp.InstanceID, n, now, canceled); err != nil {
			return err
		}
	}
	if cp.Status.IsDone() {
		detail := map[string]any{"status": cp.Status, "pc": cp.PC}
		if cp.FinalError != nil {
			detail["error"] = json.RawMessage(cp.FinalError)
		}
		if err := history(ctx, tx, cp.InstanceID, -1, now, "ended", detail); err != nil {
			return err
		}
		if err := notifyParent(ctx, tx, cp, now); err != nil {
			return err
		}
	}
	if len(cp.CancelFutures) > 0 {
		if err := cancelFutures(ctx, tx, cp.InstanceID, cp.CancelFutures, cp.CancelError, now); err != nil {
			return err
		}
	}
	if cp.Next != nil {
		if err := insertStep(ctx, tx, cp.InstanceID, cp.Next, now, canceled); err != nil {
			return err
		}
		if cp.ChainOwner != "" && cp.Next.Kind == runtime.StepCall && !canceled && cp.Next.ReadyAt.UnixNano() <= now {
			err := expectOne(tx.ExecContext(ctx, `UPDATE steps SET status = 'running', lease_owner = ?, lease_expires = ?, fence = 1, attempt = 1
				WHERE instance_id = ? AND step = ? AND status = 'ready'`,
				cp.ChainOwner, cp.ChainLeaseExpires.UnixNano(), cp.InstanceID, cp.Next.Number))
			if err != nil {
				return fmt.Errorf("lease step %s/%d: %w", cp.InstanceID, cp.Next.Number, err)
			}
			if err := history(ctx, tx, cp.InstanceID, cp.Next.Number, now, "claimed",
				map[string]any{"attempt": 1, "owner": cp.ChainOwner, "kind": cp.Next.Kind}); err != nil {
				return err
			}
			cp.Chained = true
		}
	}
	return nil
}

// insertStep records a step. A get step whose go step is done, and a
// receive step for which a signal is pending, are ready at once with their
// outcome; otherwise they wait. In a cancelled instance, a step not made
// with WithoutCancel is ready at once.
func insertStep(ctx context.Context, tx *sql.Tx, instanceID string, n *runtime.StepNew, now int64, canceled bool) error {
	status := runtime.StepReady
	readyAt := n.ReadyAt.UnixNano()
	var result, errT, waitsFor, signal, deadline any = nil, nullRaw(n.Error), nil, nil, nil
	if n.Error != nil {
		status = runtime.StepDone
		if n.Kind == runtime.StepChild {
			status = runtime.StepReady // the parent resumes with the error
		}
	}
	switch {
	case n.Error != nil:
	case n.Kind == runtime.StepChild || n.Kind == runtime.StepSpawn:
		status = runtime.StepWaiting
		cp := *n.Child
		cp.Now = fromNanos(now)
		if err := createInstance(ctx, tx, cp, instanceID, n.Number, canceled && !n.NoCancel); err != nil {
			return fmt.Errorf("start child %s of %s: %w", cp.ID, instanceID, err)
		}
		signal = cp.ID // a child step records its child's ID
	}
	switch n.Kind {
	case runtime.StepCompensate:
		waitsFor = n.WaitsFor
	case runtime.StepGet:
		waitsFor = n.WaitsFor
		var (
			st     string
			res, e sql.NullString
		)
		err := tx.QueryRowContext(ctx, `SELECT status, result, error FROM steps WHERE instance_id = ? AND step = ? AND kind IN ('go', 'timer', 'spawn')`,
			instanceID, n.WaitsFor).Scan(&st, &res, &e)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			errT = fmt.Sprintf(`{"message":"durgen: instance %s has no future started as step %d"}`, instanceID, n.WaitsFor)
		case err != nil:
			return err
		case st == string(runtime.StepDone):
			result, errT = nullRaw(rawOrNil(res)), nullRaw(rawOrNil(e))
		default:
			status = runtime.StepWaiting
		}
	case runtime.StepSelect:
		var futures []int
		if err := json.Unmarshal(n.Input, &futures); err != nil {
			return fmt.Errorf("record select step %s/%d: %w", instanceID, n.Number, err)
		}
		status = runtime.StepWaiting
		first, firstAt := -1, int64(0)
		for i, f := range futures {
			var (
				st     string
				doneAt sql.NullInt64
			)
			err := tx.QueryRowContext(ctx, `SELECT status, done_at FROM steps WHERE instance_id = ? AND step = ?`, instanceID, f).Scan(&st, &doneAt)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if st == string(runtime.StepDone) && (first < 0 || doneAt.Int64 < firstAt) {
				first, firstAt = i, doneAt.Int64
			}
		}
		if first >= 0 {
			status, result = runtime.StepReady, strconv.Itoa(first)
		}
	case runtime.StepReceive:
		signal = n.Signal
		if !n.Deadline.IsZero() {
			deadline = n.Deadline.UnixNano()
		}
		var (
			seq     int64
			payload string
		)
		err := tx.QueryRowContext(ctx, `SELECT seq, payload FROM signals WHERE instance_id = ? AND name = ? AND step IS NULL ORDER BY seq LIMIT 1`,
			instanceID, n.Signal).Scan(&seq, &payload)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			status = runtime.StepWaiting
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE signals SET step = ? WHERE seq = ?`, n.Number, seq); err != nil {
				return err
			}
			result = payload
		}
	}
	if canceled && !n.NoCancel && status != runtime.StepDone && n.Kind != runtime.StepChild && n.Kind != runtime.StepSpawn {
		status, readyAt = runtime.StepReady, min(readyAt, now)
	}
	var doneAt any
	if status == runtime.StepDone {
		doneAt = now
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO steps (instance_id, step, kind, pc, activity, input, options, idempotency_key,
			status, ready_at, created_at, result, error, waits_for, signal, deadline, done_at, no_cancel)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		instanceID, n.Number, string(n.Kind), n.PC, n.Activity, nullRaw(n.Input), nullRaw(n.Options), n.IdempotencyKey,
		string(status), readyAt, now, result, errT, waitsFor, signal, deadline, doneAt, n.NoCancel); err != nil {
		return fmt.Errorf("record step %s/%d: %w", instanceID, n.Number, err)
	}
	detail := map[string]any{"kind": n.Kind, "pc": n.PC, "status": status}
	switch n.Kind {
	case runtime.StepCall, runtime.StepGo, runtime.StepCompensate:
		detail["activity"] = n.Activity
	case runtime.StepSleep, runtime.StepTimer:
		detail["until"] = n.ReadyAt
	case runtime.StepReceive, runtime.StepChild, runtime.StepSpawn:
		detail["name"] = signal
	}
	return history(ctx, tx, instanceID, n.Number, now, "scheduled", detail)
}

func outcomeEvent(errT json.RawMessage) string {
	if errT != nil {
		return "failed"
	}
	return "completed"
}

func errDetail(errT json.RawMessage) map[string]any {
	if errT == nil {
		return nil
	}
	return map[string]any{"error": json.RawMessage(errT)}
}

// StepComplete implements runtime.Store.
func (s *Store) StepComplete(ctx context.Context, p runtime.StepCompleteParams) error {
	now := p.Now.UnixNano()
	err := s.write(ctx, func(tx *sql.Tx) error {
		err := expectOne(tx.ExecContext(ctx, `UPDATE steps
			SET status = 'done', result = ?, error = ?, done_at = ?, lease_owner = NULL, lease_expires = NULL
			WHERE instance_id = ? AND step = ? AND status = 'running' AND lease_owner = ? AND fence = ?`,
			nullRaw(p.Result), nullRaw(p.Error), now, p.InstanceID, p.Step, p.Owner, p.Fence))
		if err != nil {
			return err
		}
		if err := history(ctx, tx, p.InstanceID, p.Step, now, outcomeEvent(p.Error), errDetail(p.Error)); err != nil {
			return err
		}
		return wakeWaiters(ctx, tx, p.InstanceID, p.Step, p.Result, p.Error, now)
	})
	if err != nil {
		return fmt.Errorf("sqlite: complete step %s/%d: %w", p.InstanceID, p.Step, err)
	}
	return nil
}

// wakeWaiters makes ready the get and select steps waiting for the go or
// timer step that just ended with result or errT.
func wakeWaiters(ctx context.Context, tx *sql.Tx, instanceID string, step int, result, errT json.RawMessage, now int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE steps SET status = 'ready', ready_at = ?, result = ?, error = ?
		WHERE instance_id = ? AND kind = 'get' AND waits_for = ? AND status = 'waiting'`,
		now, nullRaw(result), nullRaw(errT), instanceID, step); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT step, input FROM steps WHERE instance_id = ? AND kind = 'select' AND status = 'waiting'`, instanceID)
	if err != nil {
		return err
	}
	type wake struct{ step, index int }
	var wakes []wake
	for rows.Next() {
		var (
			n     int
			input string
		)
		if err := rows.Scan(&n, &input); err != nil {
			rows.Close()
			return err
		}
		var futures []int
		json.Unmarshal([]byte(input), &futures)
		for i, f := range futures {
			if f == step {
				wakes = append(wakes, wake{n, i})
				break
			}
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, w := range wakes {
		if _, err := tx.ExecContext(ctx, `UPDATE steps SET status = 'ready', ready_at = ?, result = ? WHERE instance_id = ? AND step = ?`,
			now, strconv.Itoa(w.index), instanceID, w.step); err != nil {
			return err
		}
	}
	return nil
}

// notifyParent resumes, or completes the future of, the parent step that
// waits for an instance that ended with cp.
func notifyParent(ctx context.Context, tx *sql.Tx, cp *runtime.Checkpoint, now int64) error {
	var (
		parent sql.NullString
		pstep  sql.NullInt64
	)
	if err := tx.QueryRowContext(ctx, `SELECT parent_id, parent_step FROM instances WHERE id = ?`, cp.InstanceID).Scan(&parent, &pstep); err != nil {
		return err
	}
	if !parent.Valid {
		return nil
	}
	result, errT := cp.Output, cp.FinalError
	if errT != nil {
		result = nil
	}
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT kind FROM steps WHERE instance_id = ? AND step = ? AND status = 'waiting'`, parent.String, pstep.Int64).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the parent moved on (cancelled)
	}
	if err != nil {
		return err
	}
	status, doneAt := "ready", any(nil)
	if kind == string(runtime.StepSpawn) {
		status, doneAt = "done", now
	}
	if _, err := tx.ExecContext(ctx, `UPDATE steps SET status = ?, ready_at = ?, result = ?, error = ?, done_at = ? WHERE instance_id = ? AND step = ?`,
		status, now, nullRaw(result), nullRaw(errT), doneAt, parent.String, pstep.Int64); err != nil {
		return err
	}
	if kind == string(runtime.StepSpawn) {
		return wakeWaiters(ctx, tx, parent.String, int(pstep.Int64), result, errT, now)
	}
	return nil
}

// cancelFutures ends the go and timer steps named, if they have not
// started, with errT, and wakes their waiters.
func cancelFutures(ctx context.Context, tx *sql.Tx, instanceID string, steps []int, errT json.RawMessage, now int64) error {
	for _, n := range steps {
		var child sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT signal FROM steps WHERE instance_id = ? AND step = ? AND kind = 'spawn' AND status = 'waiting'`,
			instanceID, n).Scan(&child); err == nil && child.Valid {
			if err := cancelInstance(ctx, tx, child.String, now); err != nil {
				return err
			}
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE steps SET status = 'done', error = ?, done_at = ?
			WHERE instance_id = ? AND step = ? AND kind IN ('go', 'timer') AND status = 'ready'`,
			nullRaw(errT), now, instanceID, n)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			if err := wakeWaiters(ctx, tx, instanceID, n, nil, errT, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// InstanceCancel implements runtime.Store.
func (s *Store) InstanceCancel(ctx context.Context, p runtime.InstanceCancelParams) error {
	now := p.Now.UnixNano()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM instances WHERE id = ?`, p.ID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return runtime.ErrNotFound
		}
		if err != nil {
			return err
		}
		if runtime.Status(status).IsDone() {
			return fmt.Errorf("%w (%s)", runtime.ErrInstanceEnded, status)
		}
		return cancelInstance(ctx, tx, p.ID, now)
	})
	if err != nil {
		return fmt.Errorf("sqlite: cancel instance %s: %w", p.ID, err)
	}
	return nil
}

// cancelInstance marks a running instance cancelled, makes its outstanding
// steps ready, and cancels its running children.
func cancelInstance(ctx context.Context, tx *sql.Tx, id string, now int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE instances SET canceled = 1 WHERE id = ? AND status = 'running'`, id); err != nil {
		return err
	}
	if err := history(ctx, tx, id, -1, now, "cancel_requested", nil); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE steps SET status = 'ready', ready_at = min(ready_at, ?)
		WHERE instance_id = ? AND status IN ('ready', 'waiting') AND no_cancel = 0 AND kind NOT IN ('child', 'spawn')`, now, id); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM instances WHERE parent_id = ? AND status = 'running' AND canceled = 0`, id)
	if err != nil {
		return err
	}
	var children []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		children = append(children, c)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, c := range children {
		if err := cancelInstance(ctx, tx, c, now); err != nil {
			return err
		}
	}
	return nil
}

// SignalSend implements runtime.Store.
func (s *Store) SignalSend(ctx context.Context, p runtime.SignalSendParams) error {
	now := p.Now.UnixNano()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM instances WHERE id = ?`, p.InstanceID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return runtime.ErrNotFound
		}
		if err != nil {
			return err
		}
		if runtime.Status(status).IsDone() {
			return fmt.Errorf("%w (%s)", runtime.ErrInstanceEnded, status)
		}
		var step sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT step FROM steps WHERE instance_id = ? AND kind = 'receive' AND signal = ? AND status = 'waiting'
			ORDER BY step LIMIT 1`, p.InstanceID, p.Name).Scan(&step)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO signals (instance_id, name, payload, sent_at, step) VALUES (?, ?, ?, ?, ?)`,
			p.InstanceID, p.Name, string(p.Payload), now, step); err != nil {
			return err
		}
		hstep := -1
		if step.Valid {
			hstep = int(step.Int64)
		}
		if err := history(ctx, tx, p.InstanceID, hstep, now, "signalled", map[string]any{"name": p.Name}); err != nil {
			return err
		}
		if step.Valid {
			_, err = tx.ExecContext(ctx, `UPDATE steps SET status = 'ready', ready_at = ?, result = ? WHERE instance_id = ? AND step = ?`,
				now, string(p.Payload), p.InstanceID, step.Int64)
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: signal %s to instance %s: %w", p.Name, p.InstanceID, err)
	}
	return nil
}

// history appends an event to an instance's history; step -1 is the
// instance as a whole.
func history(ctx context.Context, tx *sql.Tx, id string, step int, at int64, event string, detail map[string]any) error {
	var d any
	if len(detail) > 0 {
		data, err := json.Marshal(detail)
		if err != nil {
			return err
		}
		d = string(data)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO history (instance_id, step, at, event, detail) VALUES (?, ?, ?, ?, ?)`, id, step, at, event, d)
	return err
}

// HistoryList implements runtime.Store.
func (s *Store) HistoryList(ctx context.Context, instanceID string) ([]*runtime.HistoryEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, instance_id, step, at, event, detail FROM history WHERE instance_id = ? ORDER BY seq`, instanceID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: history of %s: %w", instanceID, err)
	}
	defer rows.Close()
	var out []*runtime.HistoryEvent
	for rows.Next() {
		var (
			h      runtime.HistoryEvent
			at     int64
			detail sql.NullString
		)
		if err := rows.Scan(&h.Seq, &h.InstanceID, &h.Step, &at, &h.Event, &detail); err != nil {
			return nil, fmt.Errorf("sqlite: history of %s: %w", instanceID, err)
		}
		h.At, h.Detail = fromNanos(at), rawOrNil(detail)
		out = append(out, &h)
	}
	return out, rows.Err()
}

// HistoryPrune implements runtime.Store.
func (s *Store) HistoryPrune(ctx context.Context, p runtime.HistoryPruneParams) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM history WHERE instance_id IN (
			SELECT id FROM instances WHERE status <> 'running' AND updated_at < ?)`, p.Before.UnixNano())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune history: %w", err)
	}
	return int(n), nil
}

// expectOne turns an UPDATE that matched no row into runtime.ErrFenced.
func expectOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return runtime.ErrFenced
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func nullRaw(m json.RawMessage) any {
	if m == nil {
		return nil
	}
	return string(m)
}

func rawOrNil(s sql.NullString) json.RawMessage {
	if !s.Valid {
		return nil
	}
	return json.RawMessage(s.String)
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

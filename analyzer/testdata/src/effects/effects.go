package effects

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/durgen/durgen"
)

type Order struct{ ID string }

func act(ctx context.Context, o Order) (string, error) { return o.ID, nil }
func use(...any)                                       {}

var db *sql.DB

//durgen:workflow
func Network(ctx durgen.Context, o Order) (string, error) {
	resp, err := http.Get("https://example.com/" + o.ID) // want `http\.Get is an HTTP request in workflow code, which runs again when the workflow resumes from its last checkpoint after a crash; move it into an activity and call it with durgen\.Await`
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	conn, _ := net.Dial("tcp", "example.com:80") // want `net\.Dial is a network call in workflow code`
	conn.Write([]byte("x"))                      // want `net\.Conn\.Write is a network call in workflow code`
	conn.Close()                                 // want `net\.Conn\.Close is a network call`
	return durgen.Await(ctx, act, o)
}

//durgen:workflow
func FilesAndDatabase(ctx durgen.Context, o Order) (string, error) {
	id, err := durgen.Await(ctx, act, o)
	if err != nil {
		return "", err
	}
	os.WriteFile("/tmp/"+id, nil, 0o600)                   // want `os\.WriteFile is a file-system call in workflow code`
	db.Exec("update orders set done = 1 where id = ?", id) // want `sql\.DB\.Exec is a database call in workflow code`
	exec.Command("notify", id).Run()                       // want `exec\.Cmd\.Run is a process call in workflow code`
	time.Sleep(time.Second)                                // want `time\.Sleep in workflow code blocks a worker and does not survive a crash; use durgen\.Sleep, a durable timer`
	return id, nil
}

//durgen:workflow
func Channels(ctx durgen.Context, o Order) (string, error) {
	ch := make(chan string, 1)
	ch <- o.ID          // want `channel send in workflow code runs again after a crash`
	id := <-ch          // want `channel receive in workflow code blocks outside any checkpoint`
	for x := range ch { // want `range over a channel in workflow code`
		id += x
	}
	close(ch)  // want `close of a channel in workflow code`
	go use(id) // want `go statement in workflow code starts a goroutine that a suspension drops and a crash starts again; run concurrent work as activities with durgen\.Go`
	return durgen.Await(ctx, act, Order{ID: id})
}

// Not flagged below.

//durgen:workflow
func PureCode(ctx durgen.Context, o Order) (string, error) {
	id, err := durgen.Await(ctx, act, o)
	if err != nil {
		return "", err
	}
	req, _ := http.NewRequest("GET", "https://example.com/"+id, nil)
	cmd := exec.Command("notify", id)
	s := fmt.Sprintf("%s %s %v", strings.ToUpper(id), req.URL, cmd.Args)
	started := time.Now()
	use(started)
	return s, nil
}

//durgen:workflow
func ActivityLiteral(ctx durgen.Context, o Order) (string, error) {
	return durgen.Await(ctx, func(ctx context.Context, o Order) (string, error) {
		resp, err := http.Get("https://example.com/" + o.ID)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		time.Sleep(time.Millisecond)
		return resp.Status, nil
	}, o)
}

// notify is not a workflow: effects outside workflows are not this check's business.
func notify(id string) error {
	_, err := http.Post("https://example.com/notify", "text/plain", strings.NewReader(id))
	return err
}

func audit(id string) { writeLog("audit " + id) }

func writeLog(s string) { os.WriteFile("/tmp/log", []byte(s), 0o600) }

func label(id string) string { return strings.ToUpper(id) }

// Poller holds an HTTP client as an activity's receiver.
type Poller struct{ c *http.Client }

func (p *Poller) poll(url string) { p.c.Get(url) }

func (p *Poller) Poll(ctx context.Context, url string) (struct{}, error) {
	p.poll(url)
	return struct{}{}, nil
}

var poller = &Poller{}

//durgen:workflow
func Helpers(ctx durgen.Context, o Order) (string, error) {
	notify(o.ID)                                 // want `notify calls http\.Post \(line \d+\), an HTTP request, from workflow code, which runs again when the workflow resumes from its last checkpoint after a crash; make notify an activity and call it with durgen\.Await`
	audit(o.ID)                                  // want `audit calls os\.WriteFile \(line \d+\), a file-system call, from workflow code`
	poller.poll("https://x")                     // want `poll calls http\.Client\.Get \(line \d+\), an HTTP request`
	id := label(o.ID)                            // a pure helper: not reported
	_, err := durgen.Await(ctx, poller.Poll, id) // an activity: not reported
	return id, err
}

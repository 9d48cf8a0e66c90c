// Package fornested: nested three-clause loops with awaits at each level;
// the inner loop's bounds read the outer variable and an awaited value, and
// a break leaves only the inner loop.
package fornested

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Cell is an activity; it fails when i*j is 12.
func Cell(ctx context.Context, in IJ) (int, error) {
	trace.Record(ctx, "Cell", in)
	if in.I*in.J == 12 {
		return 0, errors.New("twelve")
	}
	return in.I*10 + in.J, nil
}

// IJ is Cell's input.
type IJ struct {
	I, J int
}

// Grid fills a triangle of cells.
//
//durgen:workflow
func Grid(ctx durgen.Context, n int) (string, error) {
	var rows [][]int
	for i := 0; i < n; i++ {
		durgen.Sleep(ctx, time.Duration(i)*time.Minute)
		var row []int
		for j := 0; j <= i; j++ {
			c, err := durgen.Await(ctx, Cell, IJ{i, j})
			if err != nil {
				row = append(row, -1)
				break
			}
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	return fmt.Sprint(rows), nil
}

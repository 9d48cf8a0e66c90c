// Command durgenvet runs the durgen analyzer as a vet tool:
//
//	go install github.com/durgen/durgen/analyzer/cmd/durgenvet
//	go vet -vettool=$(which durgenvet) ./...
//	go vet -vettool=$(which durgenvet) -checks=all,-stale ./...
//
// It can also be run directly: durgenvet ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/durgen/durgen/analyzer"
)

func main() { singlechecker.Main(analyzer.Analyzer) }

// Command durgen compiles //durgen:workflow functions into resumable state
// machines. Run it from go generate (//go:generate durgen) or by hand:
//
//	durgen [packages]        generate <file>_durgen.go for each workflow file
//	durgen check [packages]  exit 1 if a generated file is stale or missing
//	durgen vet [packages]    report what cannot be made durable
//
// See durgen help for the details.
package main

import (
	"os"

	"github.com/durgen/durgen/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }

// Command arca is the arca secrets manager: the server and the client
// commands in one binary. See the README for the two commands to start.
package main

import (
	"context"
	"os"

	"github.com/arca-vault/arca/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

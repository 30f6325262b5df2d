// Command lowform-ferretdb runs an embedded FerretDB (SQLite handler by default,
// PostgreSQL with -postgresql-url) so the Lowform tests have a real MongoDB
// wire-protocol server on machines where MongoDB itself cannot be installed.
//
// The stock `go install .../cmd/ferretdb` binary panics on a version file that
// only exists in FerretDB's own build tree; the embeddable package does not
// need it, which is why this wrapper exists.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "lowform-ferretdb: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	listenAddr := flag.String("listen-addr", "127.0.0.1:0", "TCP address to listen on; port 0 picks a free port")
	stateDir := flag.String("state-dir", "", "directory for the SQLite databases (created if missing)")
	sqliteURL := flag.String("sqlite-url", "", "SQLite URI of an existing directory, e.g. file:/tmp/x/ (overrides -state-dir)")
	postgresqlURL := flag.String("postgresql-url", "", "use the PostgreSQL handler on this database instead of SQLite, e.g. postgres://127.0.0.1:5432/ferretdb")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	exitOnStdinEOF := flag.Bool("exit-on-stdin-eof", false, "exit when stdin closes, so a crashed parent cannot leak the server")
	removeStateDir := flag.Bool("remove-state-dir", false, "delete -state-dir on exit, so a crashed parent cannot leak it either")
	flag.Parse()

	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", flag.Args())
	}

	if *removeStateDir && (*stateDir == "" || *sqliteURL != "") {
		return errors.New("-remove-state-dir needs -state-dir and no -sqlite-url")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("invalid -log-level %q: %w", *logLevel, err)
	}

	// stdout is reserved for the single LISTENING line the parent waits for.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listenAddr},
		Logger:   logger,
	}

	if *postgresqlURL != "" {
		if *stateDir != "" || *sqliteURL != "" {
			return errors.New("-postgresql-url cannot be used with -state-dir or -sqlite-url")
		}

		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresqlURL
	} else {
		uri, err := resolveSQLiteURL(*sqliteURL, *stateDir)
		if err != nil {
			return err
		}

		config.Handler = "sqlite"
		config.SQLiteURL = uri
	}

	f, err := ferretdb.New(config)
	if err != nil {
		return fmt.Errorf("starting FerretDB: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		// Restore default signal handling so a second signal kills a stuck shutdown.
		<-ctx.Done()
		stop()
	}()

	if *exitOnStdinEOF {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// New has already bound the socket, so clients connecting now are queued
	// by the kernel until Run starts accepting them.
	if _, err := fmt.Fprintf(os.Stdout, "LISTENING %s\n", f.MongoDBURI()); err != nil {
		stop()
		<-done
		return fmt.Errorf("writing LISTENING line: %w", err)
	}

	err = <-done
	if err != nil && !errors.Is(err, context.Canceled) {
		err = fmt.Errorf("FerretDB stopped: %w", err)
	} else {
		err = nil
	}

	if *removeStateDir {
		if rmErr := os.RemoveAll(*stateDir); rmErr != nil && err == nil {
			err = fmt.Errorf("removing -state-dir: %w", rmErr)
		}
	}

	return err
}

// resolveSQLiteURL turns the flags into the directory URI FerretDB expects,
// which must name an existing directory and end with a slash.
func resolveSQLiteURL(sqliteURL, stateDir string) (string, error) {
	if sqliteURL != "" {
		return sqliteURL, nil
	}

	if stateDir == "" {
		return "", errors.New("one of -state-dir or -sqlite-url is required")
	}

	abs, err := filepath.Abs(stateDir)
	if err != nil {
		return "", fmt.Errorf("resolving -state-dir: %w", err)
	}

	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("creating -state-dir: %w", err)
	}

	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs) + "/", OmitHost: true}

	return u.String(), nil
}

// Package crosstest holds only a differential test: one seeded random
// sequence of transactions runs against every storage engine (memory, bolt
// and, when ARCA_TEST_POSTGRES_URL is set, postgres), and every result must
// be the same on all of them. storagetest checks each engine against the
// contract; crosstest finds the cases nobody thought to write down.
//
// On failure the test prints its seed; rerun it with
//
//	go test ./internal/storage/crosstest -crosstest.seed=N
//
// It must not import arca's core packages.
package crosstest

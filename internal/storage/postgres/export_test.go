package postgres

// NewConns reports how many connections the pool has opened, so that
// external tests can check that connections are reused.
func (s *Store) NewConns() int64 { return s.pool.Stat().NewConnsCount() }

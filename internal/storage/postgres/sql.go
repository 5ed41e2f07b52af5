package postgres

import "github.com/jackc/pgx/v5"

// statements holds the SQL for one table.
type statements struct {
	create, get, upsert, remove string
	// list is indexed by [exclusive start][has upper bound].
	list [2][2]string
}

func newStatements(table string) statements {
	t := pgx.Identifier{table}.Sanitize()
	st := statements{
		create: "CREATE TABLE IF NOT EXISTS " + t + " (key bytea PRIMARY KEY, value bytea NOT NULL)",
		get:    "SELECT value FROM " + t + " WHERE key = $1",
		upsert: "INSERT INTO " + t + " (key, value) SELECT * FROM unnest($1::bytea[], $2::bytea[])" +
			" ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
		remove: "DELETE FROM " + t + " WHERE key = ANY($1::bytea[])",
	}
	for i, lower := range []string{">=", ">"} {
		base := "SELECT key, value FROM " + t + " WHERE key " + lower + " $1"
		st.list[i][0] = base + " ORDER BY key LIMIT $2"
		st.list[i][1] = base + " AND key < $3 ORDER BY key LIMIT $2"
	}
	return st
}

// Package dbrotate holds the built-in rotation functions that change a
// database user's password on the real server: PostgreSQL and MariaDB/MySQL
// (single-user and alternating-users strategies, as AWS's rotation
// templates) and Redis ACL users.
//
// Each function follows the four-step contract of package rotation and reads
// the connection fields from the secret's JSON value (engine, host, port,
// username, password, dbname, masterarn, ssl, sslmode). It talks to the
// secret store only through rotation.Secrets.
//
// It must not import the core services, the storage engines or the wire
// packages: it is a client of databases and of rotation.Secrets, nothing
// else. No password ever reaches an error, a log line or a SQL statement
// log in clear text where avoidable (see scrub.go and postgres.go).
package dbrotate

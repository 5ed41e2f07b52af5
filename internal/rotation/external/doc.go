// Package external provides rotation functions that run outside arca,
// registered by name in the server's configuration: a local command that
// gets the JSON event on its standard input, and an HTTP webhook that gets
// it as an HMAC-signed POST body. Like a real rotation Lambda, an external
// function reads and writes the secret through the AWS API itself, with
// credentials of its own: arca passes it only the event and the server's
// endpoint.
//
// It must not import arca's core packages other than rotation.
package external

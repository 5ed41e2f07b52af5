// Package file is the audit sink of the data-dir deployment: the chain is
// kept in append-only segment files under one directory (the server uses
// DATA_DIR/audit).
//
// Layout of DIR:
//
//	LOCK                  flock'ed by the one process that writes
//	HEAD                  the chain head (position, hash, time, last checkpoint), rewritten after each append
//	00000000000000000001.seg, …  segments named by their first position: "ARCASEG1" then record frames
//
// Every append is one write and one fdatasync for the whole batch that the
// audit.Log hands it (group commit). A new segment starts at a checkpoint
// once the current one exceeds Options.SegmentSize, so every segment but
// the first starts with a checkpoint and retention can remove whole files.
// At Open a torn frame at the end of the last segment (a crash during a
// write that was never acknowledged) is cut off; any other damage makes
// Open fail, and OpenReader reports it to audit.Verify.
//
// It imports only the standard library and package audit.
package file

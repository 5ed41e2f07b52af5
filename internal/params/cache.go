package params

import "github.com/arca-vault/arca/internal/decoded"

// cache holds the decoded records and versions of the read paths (see
// package decoded); write paths pass a nil *cache and decode afresh.
type cache struct {
	records  decoded.Cache[record]
	versions decoded.Cache[versionRecord]
}

func (c *cache) recordCache() *decoded.Cache[record] {
	if c == nil {
		return nil
	}
	return &c.records
}

func (c *cache) versionCache() *decoded.Cache[versionRecord] {
	if c == nil {
		return nil
	}
	return &c.versions
}

package audit_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

func TestMemorySink(t *testing.T) {
	audittest.Run(t, func(t *testing.T) audit.Sink { return audit.NewMemorySink() })
}

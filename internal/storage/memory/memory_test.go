package memory_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/memory"
	"github.com/arca-vault/arca/internal/storage/storagetest"
)

func TestStore(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s := memory.New()
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

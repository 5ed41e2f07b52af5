package awskms

import "context"

func (h *handler) generateDataKeyWithoutPlaintext(ctx context.Context, in *generateDataKeyInput) (*generateDataKeyOutput, error) {
	return h.dataKey(ctx, in, false)
}

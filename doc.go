// Package arca holds the vocabulary shared by every part of arca: the
// authenticated caller of a request, the error type that the core returns and
// the dialects translate, secret values that never print themselves, and the
// naming rules for regions, partitions and ARNs.
//
// It imports only the standard library; every other package may import it.
package arca

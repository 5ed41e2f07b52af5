package alert

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// unmarshalStrict decodes YAML (and so JSON) into v.
func unmarshalStrict(data []byte, v any) error {
	d := yaml.NewDecoder(bytes.NewReader(data))
	d.KnownFields(true)
	return d.Decode(v)
}

package inject

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// The output formats of `arca env`.
const (
	FormatDotenv = "dotenv"
	FormatShell  = "shell"
	FormatJSON   = "json"
)

// Write prints vars in format. Unless showSensitive, a sensitive
// variable's value is left out: a comment line in dotenv and shell (so that
// eval and dotenv readers skip it), null in JSON.
//
// dotenv: NAME=value, unquoted when the value is plain, else in single
// quotes, else in double quotes with \n \" \\ \$ \` escapes. shell:
// export NAME='value', each single quote closed, escaped and reopened, so
// that eval gives back exactly the value. json: one object, name to value.
//
// Errors: an unknown format, and write errors.
func Write(w io.Writer, vars []EnvVar, format string, showSensitive bool) error {
	var b bytes.Buffer
	switch format {
	case FormatDotenv, FormatShell:
		for _, v := range vars {
			if v.Sensitive && !showSensitive {
				fmt.Fprintf(&b, "# %s is sensitive (not shown; --show-sensitive prints it)\n", v.Name)
				continue
			}
			if format == FormatShell {
				fmt.Fprintf(&b, "export %s=%s\n", v.Name, ShellQuote(v.Value))
			} else {
				fmt.Fprintf(&b, "%s=%s\n", v.Name, dotenvQuote(v.Value))
			}
		}
	case FormatJSON:
		obj := make([]string, 0, len(vars))
		for _, v := range vars {
			val := []byte("null")
			if !v.Sensitive || showSensitive {
				val, _ = json.Marshal(v.Value)
			}
			name, _ := json.Marshal(v.Name)
			obj = append(obj, fmt.Sprintf("  %s: %s", name, val))
		}
		b.WriteString("{\n" + strings.Join(obj, ",\n") + "\n}\n")
		if len(obj) == 0 {
			b.Reset()
			b.WriteString("{}\n")
		}
	default:
		return fmt.Errorf("unknown format %q (want dotenv, shell or json)", format)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ShellQuote quotes s for a POSIX shell: in single quotes, each single
// quote closed, backslash-escaped and reopened.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func dotenvQuote(s string) string {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = unreserved(c) || strings.IndexByte("/:@,+=%", c) >= 0
	}
	switch {
	case plain:
		return s
	case !strings.ContainsAny(s, "'\n\r"):
		return "'" + s + "'"
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`", "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

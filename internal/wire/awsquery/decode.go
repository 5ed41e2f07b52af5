package awsquery

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// maxMembers bounds a decoded list, so that a body cannot make the decoder
// allocate more than its own size suggests.
const maxMembers = 1000

// Decode fills the struct that v points to from a Query form. A field's
// member name is its `query:"Name"` tag or its Go name. Supported field
// types: string, bool, the integer types, pointers to those (nil when the
// member is absent), structs (members "Name.Field"), and slices of any of
// them, which are Query member lists ("Name.member.1", "Name.member.2.Field",
// ...; members are taken in index order, gaps skipped). Fields tagged
// `query:"-"` are ignored, as are form members that no field names, as AWS
// ignores them. A value of the wrong type (DurationSeconds=ten) is a
// ValidationError fault; a list longer than 1000 members is one too.
func Decode(form url.Values, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic("awsquery.Decode: v must point to a struct")
	}
	d := decoder{form: form, lists: indexLists(form)}
	return d.decodeStruct("", rv.Elem())
}

type decoder struct {
	form  url.Values
	lists map[string][]int // "Tags" -> sorted member indices present
}

// indexLists finds every "<prefix>.member.<n>" in the form's keys, once, so
// that decoding is linear in the size of the form.
func indexLists(form url.Values) map[string][]int {
	lists := map[string][]int{}
	for key := range form {
		for i := 0; ; {
			j := strings.Index(key[i:], ".member.")
			if j < 0 {
				break
			}
			j += i
			rest := key[j+len(".member."):]
			end := strings.IndexByte(rest, '.')
			if end < 0 {
				end = len(rest)
			}
			if n, err := strconv.Atoi(rest[:end]); err == nil && n > 0 && rest[:end][0] != '+' {
				p := key[:j]
				if !slices.Contains(lists[p], n) {
					lists[p] = append(lists[p], n)
				}
			}
			i = j + len(".member.")
		}
	}
	for _, idx := range lists {
		slices.Sort(idx)
	}
	return lists
}

func (d *decoder) decodeStruct(prefix string, rv reflect.Value) error {
	t := rv.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			// An embedded struct's members are the outer struct's.
			if err := d.decodeStruct(prefix, rv.Field(i)); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag := f.Tag.Get("query"); tag == "-" {
			continue
		} else if tag != "" {
			name = tag
		}
		if err := d.decodeValue(prefix+name, rv.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) decodeValue(key string, fv reflect.Value) error {
	switch fv.Kind() {
	case reflect.Pointer:
		if !d.present(key, fv.Type().Elem()) {
			return nil
		}
		p := reflect.New(fv.Type().Elem())
		if err := d.decodeValue(key, p.Elem()); err != nil {
			return err
		}
		fv.Set(p)
		return nil
	case reflect.Struct:
		return d.decodeStruct(key+".", fv)
	case reflect.Slice:
		idx := d.lists[key]
		if len(idx) > maxMembers {
			return badValue(key, "Member must have length less than or equal to "+strconv.Itoa(maxMembers))
		}
		if len(idx) == 0 {
			return nil
		}
		s := reflect.MakeSlice(fv.Type(), len(idx), len(idx))
		for i, n := range idx {
			if err := d.decodeValue(key+".member."+strconv.Itoa(n), s.Index(i)); err != nil {
				return err
			}
		}
		fv.Set(s)
		return nil
	}
	vals, ok := d.form[key]
	if !ok || len(vals) == 0 {
		return nil
	}
	return setScalar(key, vals[0], fv)
}

// present reports whether anything in the form could fill a value of type t
// at key: the key itself for a scalar, any member for a struct or list.
func (d *decoder) present(key string, t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Slice:
		return len(d.lists[key]) > 0
	case reflect.Struct:
		for k := range d.form {
			if strings.HasPrefix(k, key+".") {
				return true
			}
		}
		return false
	}
	_, ok := d.form[key]
	return ok
}

func setScalar(key, s string, fv reflect.Value) error {
	switch fv.Kind() {
	case reflect.String:
		fv.SetString(s)
	case reflect.Bool:
		switch s {
		case "true":
			fv.SetBool(true)
		case "false":
			fv.SetBool(false)
		default:
			return badValue(key, "Member must be a boolean (true or false)")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, fv.Type().Bits())
		if err != nil {
			return badValue(key, "Member must be an integer")
		}
		fv.SetInt(n)
	default:
		panic("awsquery.Decode: unsupported field type " + fv.Type().String())
	}
	return nil
}

func badValue(key, why string) *Fault {
	return &Fault{Status: http.StatusBadRequest, Code: "ValidationError", Message: "1 validation error detected: Value at '" + clipText(key) + "' failed to satisfy constraint: " + why}
}

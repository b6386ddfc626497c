package workflows

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.temporal.io/sdk/workflow"
)

// A workflow input is strict: a key that no field of DailyInput or
// BackfillInput takes (a misspelled "game_dat") fails the run as an
// invalid input naming it, where encoding/json alone would ignore it and
// run with the field unset (today's date, both processors). Decoding itself
// never fails for it: a payload the data converter cannot decode fails the
// workflow task, which the server retries forever. UnmarshalJSON records
// the unknown keys instead, and the workflow rejects them.
//
// Every key the code writes into an input stays known: the children's
// DailyInput, and BackfillInput with its Carried state through
// continue-as-new. A field removed from these types must be kept as an
// ignored one, or histories and runs that carry it fail.

// strictInputsVersion marks runs that fail on an unknown input key. Only a
// run whose input has one asks for it, so the runs of a well-formed input
// record no marker; a run started before, with an unknown key, ignored the
// key and replays so.
const strictInputsVersion = "strict-inputs"

// unknownField is a key of an input object that no field takes.
type unknownField struct {
	object string   // the path of its object: "" for the input, "carried", "carried.failed[0]"
	key    string   // as the input spells it
	known  []string // the keys its object takes
}

// path is the key's full name in the input, as errors show it.
func (u unknownField) path() string {
	if u.object == "" {
		return u.key
	}
	return u.object + "." + u.key
}

// dailyInputFields and backfillInputFields are the input types without
// their UnmarshalJSON, for it to decode with.
type (
	dailyInputFields    DailyInput
	backfillInputFields BackfillInput
)

var (
	dailyInputType    = reflect.TypeFor[DailyInput]()
	backfillInputType = reflect.TypeFor[BackfillInput]()
)

// UnmarshalJSON decodes a DailyInput as encoding/json does, and records
// the keys no field takes, for resolveDaily to reject.
func (in *DailyInput) UnmarshalJSON(data []byte) error {
	type DailyInput dailyInputFields // so that decoding errors read as before
	if err := json.Unmarshal(data, (*DailyInput)(in)); err != nil {
		return err
	}
	in.unknown = unknownFields(data, dailyInputType, "")
	return nil
}

// UnmarshalJSON decodes a BackfillInput as encoding/json does, and records
// the keys no field takes, its Carried state's included, for
// BackfillWorkflow to reject.
func (in *BackfillInput) UnmarshalJSON(data []byte) error {
	type BackfillInput backfillInputFields // so that decoding errors read as before
	if err := json.Unmarshal(data, (*BackfillInput)(in)); err != nil {
		return err
	}
	in.unknown = unknownFields(data, backfillInputType, "")
	return nil
}

// rejectUnknown is the invalid-input error of an input with unknown keys,
// nil for one without.
func rejectUnknown(ctx workflow.Context, unknown []unknownField) error {
	if len(unknown) == 0 {
		return nil
	}
	if workflow.GetVersion(ctx, strictInputsVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	return invalidInput("invalid input: %s", describeUnknown(unknown))
}

// describeUnknown names the unknown keys and, per object, the known ones:
// `unknown field "game_dat" (known: game_date, processors, ...)`.
func describeUnknown(unknown []unknownField) string {
	var objects []string
	byObject := map[string][]unknownField{}
	for _, u := range unknown {
		if _, ok := byObject[u.object]; !ok {
			objects = append(objects, u.object)
		}
		byObject[u.object] = append(byObject[u.object], u)
	}
	parts := make([]string, 0, len(objects))
	for _, o := range objects {
		keys := make([]string, 0, len(byObject[o]))
		for _, u := range byObject[o] {
			keys = append(keys, strconv.Quote(u.path()))
		}
		noun := "field"
		if len(keys) > 1 {
			noun = "fields"
		}
		parts = append(parts, fmt.Sprintf("unknown %s %s (known: %s)",
			noun, strings.Join(keys, ", "), strings.Join(byObject[o][0].known, ", ")))
	}
	return strings.Join(parts, "; ")
}

// unknownFields lists the keys of the JSON object data that no field of
// struct type t takes, matched as encoding/json matches them (exactly, else
// ignoring case), and those of the objects nested in it that decode into
// structs. Keys come in sorted order. Anything but an object (null
// included) has none: decoding it reported what was wrong with it.
func unknownFields(data []byte, t reflect.Type, object string) []unknownField {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return nil
	}
	fields := jsonFields(t)
	var known []string
	for _, f := range fields {
		known = append(known, f.name)
	}
	var out []unknownField
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		f, ok := fieldFor(fields, key)
		if !ok {
			out = append(out, unknownField{object: object, key: key, known: known})
			continue
		}
		path := key
		if object != "" {
			path = object + "." + key
		}
		out = append(out, nestedUnknown(obj[key], f.typ, path)...)
	}
	return out
}

// nestedUnknown lists the unknown keys of a field's value: of the object a
// struct field holds, or of each object of a slice of structs.
func nestedUnknown(data json.RawMessage, t reflect.Type, path string) []unknownField {
	t = derefType(t)
	switch {
	case isObject(t):
		return unknownFields(data, t, path)
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && isObject(derefType(t.Elem())):
		var elems []json.RawMessage
		if json.Unmarshal(data, &elems) != nil {
			return nil
		}
		var out []unknownField
		for i, e := range elems {
			out = append(out, unknownFields(e, derefType(t.Elem()), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	}
	return nil
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// isObject reports whether encoding/json decodes t field by field: a
// struct that does not decode itself (time.Time, civil.Date do).
func isObject(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	p := reflect.PointerTo(t)
	return !p.Implements(jsonUnmarshaler) && !p.Implements(textUnmarshaler)
}

// jsonField is a key a struct takes, and the type of its field.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields are the keys encoding/json decodes into t, in field order,
// those of embedded structs included.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && derefType(f.Type).Kind() == reflect.Struct {
			out = append(out, jsonFields(derefType(f.Type))...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out = append(out, jsonField{name: name, typ: f.Type})
	}
	return out
}

// fieldFor is the field key decodes into: the one named key, else the
// first whose name matches ignoring case, as encoding/json picks.
func fieldFor(fields []jsonField, key string) (jsonField, bool) {
	for _, f := range fields {
		if f.name == key {
			return f, true
		}
	}
	for _, f := range fields {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return jsonField{}, false
}

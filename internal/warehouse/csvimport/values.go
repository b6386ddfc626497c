package csvimport

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/warehouse"
)

// parseValue reads one CSV field of column c: dates YYYY-MM-DD, timestamps
// RFC 3339, bools true/false (also 1/0, t/f, any case), numbers without NaN or
// Inf. An empty field is NULL for a nullable column and an error otherwise.
func parseValue(c warehouse.Column, s string) (any, error) {
	if c.Kind != warehouse.KindString {
		s = strings.TrimSpace(s)
	}
	if s == "" {
		if c.Nullable {
			return nil, nil
		}
		return nil, errors.New("empty value in a required column")
	}
	switch c.Kind {
	case warehouse.KindString:
		return s, nil
	case warehouse.KindJSON:
		return warehouse.JSON(s), nil
	case warehouse.KindInt64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, errors.New("not an integer")
		}
		return n, nil
	case warehouse.KindFloat64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, errors.New("not a finite number")
		}
		return f, nil
	case warehouse.KindBool:
		return parseBool(s)
	case warehouse.KindDate:
		d, err := civil.ParseDate(s)
		if err != nil {
			return nil, errors.New("not a date YYYY-MM-DD")
		}
		return d, nil
	case warehouse.KindTimestamp:
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, errors.New("not an RFC 3339 timestamp")
		}
		return t.UTC(), nil
	case warehouse.KindStringArray:
		return warehouse.UnmarshalStrings(s)
	}
	return nil, fmt.Errorf("no CSV form for %s", c.Kind)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "t", "1":
		return true, nil
	case "false", "f", "0":
		return false, nil
	}
	return false, errors.New("not a bool (true/false, t/f, 1/0)")
}

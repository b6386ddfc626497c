package bigquery

import "nbaflow/internal/warehouse"

// Dialect writes the GoogleSQL flavour of the shared queries: tables as
// `dataset.table` in the client's project, lists as UNNEST of an array
// parameter.
type Dialect struct {
	// Suffix, when set, is appended to every dataset name ("nba_raw_" + Suffix).
	Suffix string
}

// Dataset returns the name of a dataset of the registry.
func (d Dialect) Dataset(name string) string {
	if d.Suffix == "" {
		return name
	}
	return name + "_" + d.Suffix
}

// Table implements warehouse.Dialect.
func (d Dialect) Table(t *warehouse.Table) string {
	return "`" + d.Dataset(t.Dataset) + "." + t.Name + "`"
}

// InList implements warehouse.Dialect.
func (Dialect) InList(expr, param string) string { return expr + " IN UNNEST(@" + param + ")" }

// NonNegative implements warehouse.Dialect. GoogleSQL compares NaN as false;
// IS_NAN says so in the text, and IFNULL turns NULL into false.
func (Dialect) NonNegative(expr string) string {
	return "IFNULL(" + expr + " BETWEEN 0 AND 1.7976931348623157e308 AND NOT IS_NAN(" + expr + "), FALSE)"
}

// Positive implements warehouse.Dialect.
func (Dialect) Positive(expr string) string {
	return "(" + expr + " > 0 AND NOT IS_NAN(" + expr + "))"
}

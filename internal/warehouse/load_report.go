package warehouse

import "fmt"

// TableLoad is what one LoadDataset did to one input table, as the
// warehouse counted it: Inserted rows had a key not stored before, Replaced
// rows overwrote a stored row that differed in at least one column, and
// Unchanged rows were identical to the stored row and were not rewritten.
type TableLoad struct {
	Table     string `json:"table"`
	Inserted  int    `json:"inserted"`
	Replaced  int    `json:"replaced"`
	Unchanged int    `json:"unchanged"`
}

// Rows returns the number of rows of the dataset the counts cover.
func (l TableLoad) Rows() int { return l.Inserted + l.Replaced + l.Unchanged }

// Add adds the counts of o to l.
func (l *TableLoad) Add(o TableLoad) {
	l.Inserted += o.Inserted
	l.Replaced += o.Replaced
	l.Unchanged += o.Unchanged
}

// String writes the counts as "2 inserted, 1 replaced, 5 unchanged".
func (l TableLoad) String() string {
	return fmt.Sprintf("%d inserted, %d replaced, %d unchanged", l.Inserted, l.Replaced, l.Unchanged)
}

// LoadReport is what one LoadDataset did: one entry per input table that had
// rows in the dataset, in the order of InputTables.
type LoadReport struct {
	Tables []TableLoad `json:"tables"`
}

// Total returns the counts of every table together, with an empty Table.
func (r LoadReport) Total() TableLoad {
	var total TableLoad
	for _, l := range r.Tables {
		total.Add(l)
	}
	return total
}

// Table returns the counts of the named table, zero when the dataset had no
// rows of it.
func (r LoadReport) Table(name string) TableLoad {
	for _, l := range r.Tables {
		if l.Table == name {
			return l
		}
	}
	return TableLoad{Table: name}
}

// Add adds the counts of o, the report of a later load, to r; the tables
// stay in the order of InputTables.
func (r *LoadReport) Add(o LoadReport) {
	var merged []TableLoad
	for _, t := range InputTables {
		l := r.Table(t.Name)
		l.Add(o.Table(t.Name))
		if l.Rows() > 0 {
			merged = append(merged, l)
		}
	}
	r.Tables = merged
}

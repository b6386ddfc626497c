package bqtest

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Partitioning is a table's time partitioning.
type Partitioning struct {
	Type  string // DAY, HOUR, MONTH or YEAR
	Field string // the partitioning column; empty for ingestion time
}

// TableSpec is what a table is created with.
type TableSpec struct {
	Schema       []Field
	Partitioning *Partitioning // nil: unpartitioned
	Clustering   []string
	Description  string
	// Expiration is when the table disappears; zero takes the dataset's
	// default table expiration, if it has one.
	Expiration time.Time
	Rows       int64
}

// Table is a table as the fake holds it.
type Table struct {
	Name string // "dataset.table"
	TableSpec
	Created time.Time // by Options.Now
}

// DroppedTable is a table that was removed.
type DroppedTable struct {
	Table
	At time.Time // by Options.Now
	// By is what removed it: "tables.delete", "datasets.delete", "DROP
	// TABLE", "CREATE OR REPLACE TABLE" or "expired".
	By string
}

type dataset struct {
	id, location      string
	defaultExpiration time.Duration
	created           time.Time
}

// CreateDataset creates the dataset id in the server's location, whose
// tables expire defaultTableExpiration after their creation unless they say
// otherwise (0: never).
func (s *Server) CreateDataset(id string, defaultTableExpiration time.Duration) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.datasets[id] != nil {
		s.tb.Fatalf("bqtest: CreateDataset %s: the dataset exists", id)
	}
	s.datasets[id] = &dataset{id: id, location: s.opts.Location, defaultExpiration: defaultTableExpiration, created: s.opts.Now()}
}

// CreateTable creates dataset.table with spec in an existing dataset.
func (s *Server) CreateTable(dataset, table string, spec TableSpec) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	name := dataset + "." + table
	switch {
	case s.datasets[dataset] == nil:
		s.tb.Fatalf("bqtest: CreateTable %s: no dataset %s", name, dataset)
	case s.tables[name] != nil:
		s.tb.Fatalf("bqtest: CreateTable %s: the table exists", name)
	}
	if err := s.addTable(name, spec); err != nil {
		s.tb.Fatalf("bqtest: CreateTable %s: %v", name, err)
	}
}

// Tables returns the tables that exist now, by name.
func (s *Server) Tables() []Table {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	var out []Table
	for _, name := range slices.Sorted(maps.Keys(s.tables)) {
		out = append(out, *s.tables[name])
	}
	return out
}

// Dropped returns the tables removed so far, in the order they went.
func (s *Server) Dropped() []DroppedTable {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	return slices.Clone(s.dropped)
}

// addTable creates the table name (dataset.table) in an existing dataset.
func (s *Server) addTable(name string, spec TableSpec) error {
	schema, err := normalize(spec.Schema)
	if err != nil {
		return err
	}
	spec.Schema = schema
	ds := s.datasets[datasetOf(name)]
	if spec.Expiration.IsZero() && ds.defaultExpiration > 0 {
		spec.Expiration = s.opts.Now().Add(ds.defaultExpiration)
	}
	s.tables[name] = &Table{Name: name, TableSpec: spec, Created: s.opts.Now()}
	return nil
}

func (s *Server) dropTable(name, by string) {
	t := s.tables[name]
	delete(s.tables, name)
	s.dropped = append(s.dropped, DroppedTable{Table: *t, At: s.opts.Now(), By: by})
}

// sweep drops the tables that have expired: BigQuery removes them on its own
// schedule, the fake before it answers anything.
func (s *Server) sweep() {
	now := s.opts.Now()
	for _, name := range slices.Sorted(maps.Keys(s.tables)) {
		if exp := s.tables[name].Expiration; !exp.IsZero() && !now.Before(exp) {
			s.dropTable(name, "expired")
		}
	}
}

// datasetOf is the dataset of a table name "dataset.table".
func datasetOf(name string) string {
	ds, _, _ := strings.Cut(name, ".")
	return ds
}

// findDataset returns the dataset of the table name as a job in location
// sees it.
func (s *Server) findDataset(name, location string) (*dataset, *JobError) {
	parts := strings.Split(name, ".")
	if len(parts) == 3 { // another project's table
		return nil, datasetNotFound(parts[0], parts[1])
	}
	ds := s.datasets[parts[0]]
	switch {
	case ds == nil:
		return nil, datasetNotFound(s.opts.Project, parts[0])
	case !strings.EqualFold(ds.location, location):
		return nil, tableNotFound(s.opts.Project, name, location)
	}
	return ds, nil
}

// exists reports whether a job in location can use the table or wildcard
// name, given the tables the job itself created (true) and dropped (false)
// before.
func (s *Server) exists(name, location string, overlay map[string]bool) *JobError {
	if _, err := s.findDataset(name, location); err != nil {
		return err
	}
	present := func(t string) bool {
		if p, ok := overlay[t]; ok {
			return p
		}
		return s.tables[t] != nil
	}
	prefix, wildcard := strings.CutSuffix(name, "*")
	if !wildcard && present(name) {
		return nil
	}
	if wildcard {
		for _, t := range slices.Concat(slices.Collect(maps.Keys(s.tables)), slices.Collect(maps.Keys(overlay))) {
			if strings.HasPrefix(t, prefix) && present(t) {
				return nil
			}
		}
	}
	return tableNotFound(s.opts.Project, name, location)
}

package bqtest

import (
	"slices"
	"strings"
)

// resolve is rule 1: every table a job reads or writes must exist, in the
// job's location, when the job starts, counting the tables its own earlier
// statements create and drop; s.mu is held.
func (s *Server) resolve(j *job) *JobError {
	overlay := map[string]bool{} // created (true) or dropped (false) by the job
	for _, st := range j.stmts {
		for _, r := range st.Reads {
			if e := s.exists(r, j.Location, overlay); e != nil {
				return e
			}
		}
		if st.Target == "" {
			continue
		}
		missing := s.exists(st.Target, j.Location, overlay)
		switch st.Kind {
		case CreateTableStmt:
			if _, e := s.findDataset(st.Target, j.Location); e != nil {
				return e
			}
			if missing == nil && !st.ifNotExists && !st.orReplace {
				return tableExists(s.opts.Project, st.Target)
			}
			overlay[st.Target] = true
		case DropTableStmt:
			if missing != nil && !st.ifExists {
				return missing
			}
			overlay[st.Target] = false
		default:
			if missing != nil && !(st.Kind == AlterTableStmt && st.ifExists) {
				return missing
			}
		}
	}
	return nil
}

// apply makes a successful job's DDL take effect, and a single DML
// statement's row counts; s.mu is held.
func (s *Server) apply(j *job) *JobError {
	for _, st := range j.stmts {
		if st.Kind == AlterTableStmt {
			if e := s.checkAlter(st); e != nil {
				return e
			}
		}
	}
	for _, st := range j.stmts {
		switch st.Kind {
		case CreateTableStmt:
			if e := s.applyCreate(j, st); e != nil {
				return e
			}
		case DropTableStmt:
			if s.tables[st.Target] != nil {
				s.dropTable(st.Target, "DROP TABLE")
			}
		case AlterTableStmt:
			s.applyAlter(st)
		}
	}
	if t := s.tables[j.stmts[0].Target]; j.dml() && t != nil {
		t.Rows = max(0, t.Rows+j.answer.DML.Inserted-j.answer.DML.Deleted)
	}
	return nil
}

func (s *Server) applyCreate(j *job, st stmt) *JobError {
	if st.Target == "" || s.datasets[datasetOf(st.Target)] == nil {
		return nil // a temporary table, or its dataset went meanwhile
	}
	spec := st.def.spec
	if src := s.tables[st.def.like]; src != nil {
		spec.Schema, spec.Partitioning, spec.Clustering = src.Schema, src.Partitioning, src.Clustering
	}
	if st.def.asSelect && len(spec.Schema) == 0 {
		spec.Schema = j.answer.Schema
	}
	if s.tables[st.Target] != nil {
		if st.ifNotExists {
			return nil
		}
		s.dropTable(st.Target, "CREATE OR REPLACE TABLE")
	}
	if err := s.addTable(st.Target, spec); err != nil {
		return errorf("invalidQuery", "%v", err)
	}
	return nil
}

// checkAlter fails an ALTER TABLE that adds a column the table has, or
// drops one it does not have.
func (s *Server) checkAlter(st stmt) *JobError {
	t := s.tables[st.Target]
	if t == nil {
		return nil
	}
	var cols []string
	for _, f := range t.Schema {
		cols = append(cols, strings.ToLower(f.Name))
	}
	for _, a := range st.alter {
		switch {
		case a.add != nil && slices.Contains(cols, strings.ToLower(a.add.Name)) && !a.ifNotExists:
			return errorf("invalidQuery", "Column already exists: %s", a.add.Name)
		case a.add != nil:
			cols = append(cols, strings.ToLower(a.add.Name))
		case a.drop != "" && !slices.Contains(cols, strings.ToLower(a.drop)) && !a.ifExists:
			return errorf("invalidQuery", "Column not found: %s", a.drop)
		}
	}
	return nil
}

func (s *Server) applyAlter(st stmt) {
	t := s.tables[st.Target]
	if t == nil {
		return
	}
	schema := slices.Clone(t.Schema) // Tables() handed out the old slice
	for _, a := range st.alter {
		if a.add != nil {
			if _, ok := field(schema, a.add.Name); !ok {
				schema = append(schema, *a.add)
			}
		}
		if a.drop != "" {
			schema = slices.DeleteFunc(schema, func(f Field) bool { return strings.EqualFold(f.Name, a.drop) })
		}
		if o := a.options; o.expiration != nil {
			t.Expiration = *o.expiration
		}
		if o := a.options; o.description != nil {
			t.Description = *o.description
		}
	}
	t.Schema = schema
}

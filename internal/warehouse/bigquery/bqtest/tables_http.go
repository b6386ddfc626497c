package bqtest

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	bqv2 "google.golang.org/api/bigquery/v2"
)

// The datasets and tables resources: insert, get, delete; tables also list
// and patch.

func (s *Server) insertDataset(w http.ResponseWriter, r *http.Request) {
	var b bqv2.Dataset
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil || b.DatasetReference == nil || b.DatasetReference.DatasetId == "" {
		writeError(w, errorf("invalid", "bqtest: cannot read the dataset (%v)", err))
		return
	}
	s.answer(w, func() (any, *JobError) {
		id := b.DatasetReference.DatasetId
		if s.datasets[id] != nil {
			return nil, errorf("duplicate", "Already Exists: Dataset %s:%s", s.opts.Project, id)
		}
		ds := &dataset{id: id, location: orDefault(b.Location, s.opts.Location), created: s.opts.Now(),
			defaultExpiration: time.Duration(b.DefaultTableExpirationMs) * time.Millisecond}
		s.datasets[id] = ds
		return s.datasetToBQ(ds), nil
	})
}

// dataset returns the dataset of the request's path; s.mu is held.
func (s *Server) dataset(r *http.Request) (*dataset, *JobError) {
	id := r.PathValue("dataset")
	if ds := s.datasets[id]; ds != nil {
		return ds, nil
	}
	return nil, datasetNotFound(s.opts.Project, id)
}

func (s *Server) getDataset(w http.ResponseWriter, r *http.Request) {
	s.answer(w, func() (any, *JobError) {
		ds, e := s.dataset(r)
		if e != nil {
			return nil, e
		}
		return s.datasetToBQ(ds), nil
	})
}

func (s *Server) deleteDataset(w http.ResponseWriter, r *http.Request) {
	s.answer(w, func() (any, *JobError) {
		ds, e := s.dataset(r)
		if e != nil {
			return nil, e
		}
		tables := s.datasetTables(ds.id)
		if len(tables) > 0 && r.URL.Query().Get("deleteContents") != "true" {
			return nil, errorf("resourceInUse", "Dataset %s:%s is still in use", s.opts.Project, ds.id)
		}
		for _, t := range tables {
			s.dropTable(t, "datasets.delete")
		}
		delete(s.datasets, ds.id)
		return noContent, nil
	})
}

func (s *Server) datasetToBQ(ds *dataset) *bqv2.Dataset {
	return &bqv2.Dataset{
		Kind: "bigquery#dataset", Id: s.opts.Project + ":" + ds.id,
		DatasetReference:         &bqv2.DatasetReference{ProjectId: s.opts.Project, DatasetId: ds.id},
		Location:                 ds.location,
		DefaultTableExpirationMs: ds.defaultExpiration.Milliseconds(),
		CreationTime:             millis(ds.created), LastModifiedTime: millis(ds.created),
	}
}

// datasetTables are the names of the tables of dataset id, sorted.
func (s *Server) datasetTables(id string) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(s.tables)) {
		if datasetOf(name) == id {
			out = append(out, name)
		}
	}
	return out
}

func (s *Server) insertTable(w http.ResponseWriter, r *http.Request) {
	var b bqv2.Table
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil || b.TableReference == nil || b.TableReference.TableId == "" {
		writeError(w, errorf("invalid", "bqtest: cannot read the table (%v)", err))
		return
	}
	if b.View != nil || b.MaterializedView != nil || b.ExternalDataConfiguration != nil {
		writeError(w, unsupported("the fake creates plain tables only, not views or external tables"))
		return
	}
	s.answer(w, func() (any, *JobError) {
		ds, e := s.dataset(r)
		if e != nil {
			return nil, e
		}
		name := ds.id + "." + b.TableReference.TableId
		if s.tables[name] != nil {
			return nil, tableExists(s.opts.Project, name)
		}
		spec := TableSpec{Schema: fieldsFromBQ(b.Schema), Partitioning: partitioningFromBQ(b.TimePartitioning), Description: b.Description}
		if b.ExpirationTime != 0 {
			spec.Expiration = time.UnixMilli(b.ExpirationTime)
		}
		if b.Clustering != nil {
			spec.Clustering = b.Clustering.Fields
		}
		if err := s.addTable(name, spec); err != nil {
			return nil, errorf("invalid", "bqtest: table %s: %v", name, err)
		}
		return s.tableToBQ(s.tables[name]), nil
	})
}

// table returns the table of the request's path; s.mu is held.
func (s *Server) table(r *http.Request) (*Table, *JobError) {
	ds, e := s.dataset(r)
	if e != nil {
		return nil, e
	}
	name := ds.id + "." + r.PathValue("table")
	if t := s.tables[name]; t != nil {
		return t, nil
	}
	return nil, errorf("notFound", "Not found: Table %s:%s", s.opts.Project, name)
}

func (s *Server) getTable(w http.ResponseWriter, r *http.Request) {
	s.answer(w, func() (any, *JobError) {
		t, e := s.table(r)
		if e != nil {
			return nil, e
		}
		return s.tableToBQ(t), nil
	})
}

func (s *Server) deleteTable(w http.ResponseWriter, r *http.Request) {
	s.answer(w, func() (any, *JobError) {
		t, e := s.table(r)
		if e != nil {
			return nil, e
		}
		s.dropTable(t.Name, "tables.delete")
		return noContent, nil
	})
}

// patchTable serves tables.patch of the description, the expiration (null
// removes it) and the schema (columns may be added).
func (s *Server) patchTable(w http.ResponseWriter, r *http.Request) {
	var raw map[string]json.RawMessage // tells an absent field from a null one
	var b bqv2.Table
	buf, err := io.ReadAll(r.Body)
	if err == nil {
		err = errors.Join(json.Unmarshal(buf, &raw), json.Unmarshal(buf, &b))
	}
	if err != nil {
		writeError(w, errorf("invalid", "bqtest: cannot read the table patch: %v", err))
		return
	}
	s.answer(w, func() (any, *JobError) {
		t, e := s.table(r)
		if e != nil {
			return nil, e
		}
		if _, ok := raw["schema"]; ok {
			schema, err := normalize(fieldsFromBQ(b.Schema))
			if err != nil {
				return nil, errorf("invalid", "bqtest: table %s: %v", t.Name, err)
			}
			if e := schemaChange(t.Schema, schema, true, s.opts.Project, t.Name); e != nil {
				return nil, e
			}
			t.Schema = schema
		}
		if _, ok := raw["description"]; ok {
			t.Description = b.Description
		}
		if _, ok := raw["expirationTime"]; ok {
			t.Expiration = time.Time{}
			if b.ExpirationTime != 0 {
				t.Expiration = time.UnixMilli(b.ExpirationTime)
			}
		}
		return s.tableToBQ(t), nil
	})
}

func (s *Server) listTables(w http.ResponseWriter, r *http.Request) {
	s.answer(w, func() (any, *JobError) {
		ds, e := s.dataset(r)
		if e != nil {
			return nil, e
		}
		names := s.datasetTables(ds.id)
		start, _ := strconv.Atoi(r.URL.Query().Get("pageToken"))
		start = min(max(start, 0), len(names))
		end := len(names)
		if n, err := strconv.Atoi(r.URL.Query().Get("maxResults")); err == nil && n > 0 {
			end = min(end, start+n)
		}
		res := &bqv2.TableList{Kind: "bigquery#tableList", TotalItems: int64(len(names))}
		for _, name := range names[start:end] {
			t := s.tableToBQ(s.tables[name])
			res.Tables = append(res.Tables, &bqv2.TableListTables{
				Kind: t.Kind, Id: t.Id, TableReference: t.TableReference, Type: t.Type,
				CreationTime: t.CreationTime, ExpirationTime: t.ExpirationTime,
				TimePartitioning: t.TimePartitioning, Clustering: t.Clustering,
			})
		}
		if end < len(names) {
			res.NextPageToken = strconv.Itoa(end)
		}
		return res, nil
	})
}

func (s *Server) tableToBQ(t *Table) *bqv2.Table {
	ds, id, _ := strings.Cut(t.Name, ".")
	b := &bqv2.Table{
		Kind: "bigquery#table", Id: s.opts.Project + ":" + t.Name, Type: "TABLE",
		TableReference:   &bqv2.TableReference{ProjectId: s.opts.Project, DatasetId: ds, TableId: id},
		Schema:           fieldsToBQ(t.Schema),
		NumRows:          uint64(t.Rows),
		CreationTime:     millis(t.Created),
		LastModifiedTime: uint64(millis(t.Created)),
		ExpirationTime:   millis(t.Expiration),
		TimePartitioning: partitioningToBQ(t.Partitioning),
		Description:      t.Description,
		Location:         s.datasets[ds].location,
		ForceSendFields:  []string{"NumRows"},
	}
	if len(t.Clustering) > 0 {
		b.Clustering = &bqv2.Clustering{Fields: t.Clustering}
	}
	return b
}

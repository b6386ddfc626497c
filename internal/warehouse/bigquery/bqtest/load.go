package bqtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"time"

	bqv2 "google.golang.org/api/bigquery/v2"
)

// upload serves jobs.insert with media: the client's load from an
// io.Reader, sent as one multipart/related request (JSON job, then data)
// when the data fits in one chunk of googleapi.DefaultUploadChunkSize (16
// MiB) or when LoadConfig.MediaOptions has googleapi.ChunkSize(0).
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if t := r.URL.Query().Get("uploadType"); t != "multipart" {
		writeError(w, unsupported("the fake serves uploadType=multipart only, not %q: the client uploads more than 16 MiB (googleapi.DefaultUploadChunkSize) resumably unless LoadConfig.MediaOptions has googleapi.ChunkSize(0)", t))
		return
	}
	meta, media, err := readMultipart(r)
	if err != nil {
		writeError(w, errorf("invalid", "bqtest: cannot read the multipart upload: %v", err))
		return
	}
	var bj bqv2.Job
	if err := json.Unmarshal(meta, &bj); err != nil || bj.Configuration == nil || bj.Configuration.Load == nil {
		writeError(w, errorf("invalid", "bqtest: the upload's first part is not a load job (%v)", err))
		return
	}
	s.insertLoad(w, &bj, media)
}

// readMultipart returns the two parts of a multipart/related body.
func readMultipart(r *http.Request) (meta, media []byte, err error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/related" {
		return nil, nil, fmt.Errorf("content type %q, want multipart/related", r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var parts [][]byte
	for len(parts) < 2 {
		p, err := mr.NextPart()
		if err != nil {
			return nil, nil, fmt.Errorf("part %d: %w", len(parts)+1, err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, fmt.Errorf("part %d: %w", len(parts)+1, err)
		}
		parts = append(parts, b)
	}
	return parts[0], parts[1], nil
}

// insertLoad runs a load job to its end at once.
func (s *Server) insertLoad(w http.ResponseWriter, bj *bqv2.Job, media []byte) {
	j := s.newJob(bj, KindLoad)
	l := bj.Configuration.Load
	j.CreateDisposition = orDefault(l.CreateDisposition, "CREATE_IF_NEEDED")
	j.WriteDisposition = orDefault(l.WriteDisposition, "WRITE_APPEND")
	j.inputBytes = int64(len(media))
	var failed *JobError
	if ref := l.DestinationTable; ref == nil || ref.DatasetId == "" || ref.TableId == "" {
		failed = errorf("invalid", "Load configuration must specify destination table")
	} else {
		j.Destination = ref.DatasetId + "." + ref.TableId
		if ref.ProjectId != "" && ref.ProjectId != s.opts.Project {
			j.Destination = ref.ProjectId + "." + j.Destination
		}
		j.Mutates = []string{j.Destination}
	}
	if e := s.takeFault(j.record(), true); e != nil {
		writeError(w, e)
		return
	}
	if failed == nil {
		failed = s.takeFault(j.record(), false)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.register(j); e != nil {
		writeError(w, e)
		return
	}
	s.seq++
	j.State, j.Started, j.startSeq = "RUNNING", time.Now(), s.seq
	if failed == nil {
		failed = s.load(j, l, media)
	}
	s.end(j, failed)
	writeJSON(w, http.StatusOK, j.toBQ(s.opts.Project))
}

// orDefault returns v, or def when v is empty.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// load checks a load against its destination, reads its data and applies
// it; s.mu is held.
func (s *Server) load(j *job, l *bqv2.JobConfigurationLoad, media []byte) *JobError {
	name := j.Destination
	if _, e := s.findDataset(name, j.Location); e != nil {
		return e
	}
	schema, err := normalize(fieldsFromBQ(l.Schema))
	if err != nil {
		return errorf("invalid", "bqtest: the load's schema: %v", err)
	}
	t := s.tables[name]
	switch {
	case t == nil && j.CreateDisposition == "CREATE_NEVER":
		return tableNotFound(s.opts.Project, name, j.Location)
	case t == nil && len(schema) == 0:
		return errorf("invalid", "No schema specified on job or table.")
	case t != nil && j.WriteDisposition == "WRITE_EMPTY" && t.Rows > 0:
		return tableExists(s.opts.Project, name)
	case t != nil && len(schema) > 0 && j.WriteDisposition != "WRITE_TRUNCATE":
		if e := schemaChange(t.Schema, schema, slices.Contains(l.SchemaUpdateOptions, "ALLOW_FIELD_ADDITION"), s.opts.Project, name); e != nil {
			return e
		}
	case t != nil && len(schema) == 0:
		schema = t.Schema
	}
	rows, bad, e := readRows(l, schema, media)
	if e != nil {
		return e
	}
	j.loadErrors = bad
	if len(bad) > int(l.MaxBadRecords) {
		f := formatName(l)
		j.loadErrors = append([]*JobError{errorf("invalid", "Error while reading data, error message: %s processing encountered too many errors, giving up. Rows: %d; errors: %d; max bad: %d; error percent: 0", f, rows, len(bad), l.MaxBadRecords)}, bad...)
		return errorf("invalid", "Error while reading data, error message: %s table encountered too many errors, giving up. Rows: %d; errors: %d. Please look into the errors[] collection for more details.", f, rows, len(bad))
	}
	if e := s.countModification(j.Mutates); e != nil {
		return e
	}
	if t == nil {
		spec := TableSpec{Schema: schema, Partitioning: partitioningFromBQ(l.TimePartitioning)}
		if l.Clustering != nil {
			spec.Clustering = l.Clustering.Fields
		}
		if err := s.addTable(name, spec); err != nil {
			return errorf("invalid", "bqtest: %v", err)
		}
		t = s.tables[name]
	}
	if j.WriteDisposition == "WRITE_TRUNCATE" {
		t.Rows = 0
	}
	t.Rows += rows - int64(len(bad))
	t.Schema = schema
	j.Rows = rows - int64(len(bad))
	return nil
}

func partitioningFromBQ(p *bqv2.TimePartitioning) *Partitioning {
	if p == nil {
		return nil
	}
	return &Partitioning{Type: orDefault(p.Type, "DAY"), Field: p.Field}
}

func partitioningToBQ(p *Partitioning) *bqv2.TimePartitioning {
	if p == nil {
		return nil
	}
	return &bqv2.TimePartitioning{Type: p.Type, Field: p.Field}
}

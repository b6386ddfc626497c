package bigquery

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/warehouse"
)

var update = flag.Bool("update", false, "rewrite schemas/bigquery from the registry")

const schemaDir = "../../../schemas/bigquery"

// TestDDLFilesMatchRegistry: schemas/bigquery holds exactly one file per
// table, each what DDL writes (go test -update rewrites them).
func TestDDLFilesMatchRegistry(t *testing.T) {
	want := map[string]bool{}
	for _, tb := range warehouse.Tables {
		name := tb.Name + ".sql"
		want[name] = true
		path := filepath.Join(schemaDir, name)
		ddl := DDL(Dialect{}, tb)
		if *update {
			if err := os.WriteFile(path, []byte(ddl), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (go test ./internal/warehouse/bigquery -run DDL -update writes it)", err)
		} else if string(got) != ddl {
			t.Errorf("%s differs from the registry (go test -run DDL -update rewrites it)", path)
		}
	}
	files, err := filepath.Glob(filepath.Join(schemaDir, "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !want[filepath.Base(f)] {
			t.Errorf("%s is not a table of the registry", f)
		}
	}
}

// goTypes are the BigQuery types of the Go field types of the row types,
// written out independently of the backend's own mapping.
var goTypes = map[reflect.Type]string{
	reflect.TypeFor[string]():         "STRING NOT NULL",
	reflect.TypeFor[*string]():        "STRING",
	reflect.TypeFor[int64]():          "INT64 NOT NULL",
	reflect.TypeFor[*int64]():         "INT64",
	reflect.TypeFor[float64]():        "FLOAT64 NOT NULL",
	reflect.TypeFor[*float64]():       "FLOAT64",
	reflect.TypeFor[bool]():           "BOOL NOT NULL",
	reflect.TypeFor[civil.Date]():     "DATE NOT NULL",
	reflect.TypeFor[*civil.Date]():    "DATE",
	reflect.TypeFor[time.Time]():      "TIMESTAMP NOT NULL",
	reflect.TypeFor[*time.Time]():     "TIMESTAMP",
	reflect.TypeFor[[]string]():       "ARRAY<STRING>",
	reflect.TypeFor[warehouse.JSON](): "JSON NOT NULL",
}

var (
	createRE = regexp.MustCompile("(?m)^CREATE TABLE IF NOT EXISTS `([a-z_]+)\\.([a-z_0-9]+)` \\($")
	columnRE = regexp.MustCompile(`(?m)^  ([a-z_0-9]+) ([A-Z0-9<>]+(?: NOT NULL)?),?$`)
)

// TestDDLColumnsMatchGoTypes parses every DDL file and checks each column's
// name, type and nullability against the field of the Go row type that has
// that `col` tag (nba.ColumnsOf), and that no column is missing or extra.
func TestDDLColumnsMatchGoTypes(t *testing.T) {
	for _, tb := range warehouse.Tables {
		text, err := os.ReadFile(filepath.Join(schemaDir, tb.Name+".sql"))
		if err != nil {
			t.Error(err)
			continue
		}
		m := createRE.FindStringSubmatch(string(text))
		if m == nil || m[1] != tb.Dataset || m[2] != tb.Name {
			t.Errorf("%s: no CREATE TABLE of %s.%s", tb.Name, tb.Dataset, tb.Name)
			continue
		}
		var want [][2]string
		if tb.RunID {
			want = append(want, [2]string{"run_id", "STRING NOT NULL"})
		}
		for _, c := range nba.ColumnsOf(tb.Row) {
			typ, ok := goTypes[c.Type]
			if !ok {
				t.Errorf("%s.%s: Go type %s has no BigQuery type", tb.Name, c.Name, c.Type)
			}
			want = append(want, [2]string{c.Name, typ})
		}
		var got [][2]string
		for _, cm := range columnRE.FindAllStringSubmatch(string(text), -1) {
			got = append(got, [2]string{cm[1], cm[2]})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DDL columns\n%v\nGo row type %s\n%v", tb.Name, got, tb.Row, want)
		}
		if tb.Partition != "" && !strings.Contains(string(text), "\nPARTITION BY "+tb.Partition+"\n") {
			t.Errorf("%s: not partitioned by %s", tb.Name, tb.Partition)
		}
		if len(tb.Cluster) > 0 && !strings.Contains(string(text), "\nCLUSTER BY "+strings.Join(tb.Cluster, ", ")+"\n") {
			t.Errorf("%s: not clustered by %v", tb.Name, tb.Cluster)
		}
	}
}

// TestPartitioningOfOutputs pins the partitioning and clustering the
// processors' tables must have.
func TestPartitioningOfOutputs(t *testing.T) {
	tests := []struct {
		table     *warehouse.Table
		partition string
		cluster   []string
	}{
		{warehouse.Contexts, "game_date", []string{"player_lookup", "universal_player_id", "game_date"}},
		{warehouse.Zones, "analysis_date", []string{"player_lookup", "universal_player_id", "analysis_date"}},
		{warehouse.Attempts, "analysis_date", []string{"processor_name", "entity_id", "analysis_date"}},
	}
	for _, tt := range tests {
		if tt.table.Partition != tt.partition || !reflect.DeepEqual(tt.table.Cluster, tt.cluster) {
			t.Errorf("%s: partition %s cluster %v, want %s %v", tt.table.Name, tt.table.Partition, tt.table.Cluster, tt.partition, tt.cluster)
		}
	}
}

// TestSchemaREADMEDocumentsEveryColumn: schemas/README.md has a section per
// table naming every column.
func TestSchemaREADMEDocumentsEveryColumn(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(schemaDir, "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(string(text), "\n### ")
	for _, tb := range warehouse.Tables {
		var section string
		for _, s := range sections {
			if strings.HasPrefix(s, tb.Dataset+"."+tb.Name+"\n") {
				section = s
			}
		}
		if section == "" {
			t.Errorf("README.md has no section ### %s.%s", tb.Dataset, tb.Name)
			continue
		}
		for _, c := range tb.Columns() {
			if !strings.Contains(section, "| "+c.Name+" |") && !regexp.MustCompile(`\b`+c.Name+`\b`).MatchString(section) {
				t.Errorf("README.md section %s does not document column %s", tb.Name, c.Name)
			}
		}
	}
}

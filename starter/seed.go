package main

import (
	"context"
	"fmt"
	"time"

	"nbaflow/internal/league"
	"nbaflow/internal/warehouse"
)

var seedCommand = command{
	name:    "seed",
	summary: "generate synthetic seasons with internal/league and load them into the warehouse",
	run:     runSeed,
}

// seedReport is what seed prints (--json: as JSON): Load adds up what the
// warehouse did with every season's rows.
type seedReport struct {
	Warehouse string               `json:"warehouse"`
	Seasons   []int                `json:"seasons"`
	Seed      int64                `json:"seed"`
	Load      warehouse.LoadReport `json:"load"`
	ElapsedMS int64                `json:"elapsed_ms"`
}

func runSeed(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "seed", "--season YEAR [--seasons N] [--seed S] [--db PATH] [--json]",
		"Generates N consecutive synthetic seasons from YEAR and loads them, and reports per table the rows\n"+
			"inserted, replaced and unchanged (a re-seed with the same seed leaves every row unchanged).")
	season := fs.Int("season", 0, "first season year (2024 means 2024-25); required")
	seasons := fs.Int("seasons", 1, "number of consecutive seasons")
	seed := fs.Int64("seed", 1, "generator seed: the same seed gives the same league")
	var cf commonFlags
	cf.register(fs)
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	switch {
	case *season == 0:
		return usagef("--season is required")
	case *seasons < 1:
		return usagef("--seasons must be at least 1")
	}
	cfg, err := cf.config(e)
	if err != nil {
		return err
	}
	start := time.Now()
	w, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.Close()
	rep := seedReport{Warehouse: cfg.String(), Seed: *seed}
	for y := *season; y < *season+*seasons; y++ {
		ds, err := league.Generate(league.Config{SeasonYear: y, Seed: *seed})
		if err != nil {
			return fmt.Errorf("generate season %d: %w", y, err)
		}
		load, err := w.LoadDataset(ctx, ds)
		if err != nil {
			return fmt.Errorf("load season %d: %w", y, err)
		}
		rep.Seasons = append(rep.Seasons, y)
		rep.Load.Add(load)
	}
	rep.ElapsedMS = time.Since(start).Milliseconds()
	if cf.json {
		return writeJSON(e.stdout, rep)
	}
	fmt.Fprintf(e.stdout, "seeded seasons %v (seed %d) into %s in %.1fs\n", rep.Seasons, rep.Seed, rep.Warehouse, float64(rep.ElapsedMS)/1000)
	for _, l := range rep.Load.Tables {
		printLoad(e, l)
	}
	return nil
}

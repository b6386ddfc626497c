-- nba_staging.staging_entity_failures: failures staged by a run, moved to entity_failures on commit.
-- A template, never created: each Stage loads tables nba_staging.run_<run>_<processor>_<kind>_<batch> with these columns, which Commit and DiscardRun drop and which expire after 24 hours.
CREATE TABLE IF NOT EXISTS `nba_staging.staging_entity_failures` (
  run_id STRING NOT NULL,
  processor_name STRING NOT NULL,
  analysis_date DATE NOT NULL,
  entity_id STRING NOT NULL,
  game_id STRING,
  failure_category STRING NOT NULL,
  failure_reason STRING NOT NULL,
  can_retry BOOL NOT NULL,
  completeness_pct FLOAT64,
  created_at TIMESTAMP NOT NULL
)
CLUSTER BY run_id, processor_name, analysis_date
OPTIONS (description = "failures staged by a run, moved to entity_failures on commit");

-- nba_staging.staging_reprocess_attempts: breaker attempts staged by a run, moved to reprocess_attempts on commit.
-- A template, never created: each Stage loads tables nba_staging.run_<run>_<processor>_<kind>_<batch> with these columns, which Commit and DiscardRun drop and which expire after 24 hours.
-- Key: run_id, processor_name, analysis_date, entity_id, attempt_number.
CREATE TABLE IF NOT EXISTS `nba_staging.staging_reprocess_attempts` (
  run_id STRING NOT NULL,
  processor_name STRING NOT NULL,
  entity_id STRING NOT NULL,
  analysis_date DATE NOT NULL,
  attempt_number INT64 NOT NULL,
  attempted_at TIMESTAMP NOT NULL,
  completeness_pct FLOAT64,
  skip_reason STRING NOT NULL,
  circuit_breaker_tripped BOOL NOT NULL,
  circuit_breaker_until TIMESTAMP,
  notes STRING NOT NULL,
  PRIMARY KEY (run_id, processor_name, analysis_date, entity_id, attempt_number) NOT ENFORCED
)
CLUSTER BY run_id, processor_name, analysis_date
OPTIONS (description = "breaker attempts staged by a run, moved to reprocess_attempts on commit");

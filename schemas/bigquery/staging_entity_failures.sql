-- nba_processing.staging_entity_failures: failures staged by a run, moved to entity_failures on commit.
-- Written by Stage, emptied by Commit and DiscardRun.
CREATE TABLE IF NOT EXISTS `nba_processing.staging_entity_failures` (
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

-- nba_processing.entity_failures: one row per player a committed run could not process, with the category and reason.
-- Written by Commit, in the transaction that merges the outputs.
CREATE TABLE IF NOT EXISTS `nba_processing.entity_failures` (
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
PARTITION BY analysis_date
CLUSTER BY processor_name, entity_id
OPTIONS (description = "one row per player a committed run could not process, with the category and reason");

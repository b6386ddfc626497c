-- nba_orchestration.processor_run_history: one row per committed (processor, date, run) with the commit's counts, superseded runs included.
-- Written by Commit, in the transaction that merges the outputs.
-- Key: processor_name, data_date, run_id.
CREATE TABLE IF NOT EXISTS `nba_orchestration.processor_run_history` (
  processor_name STRING NOT NULL,
  run_id STRING NOT NULL,
  data_date DATE NOT NULL,
  run_kind STRING NOT NULL,
  status STRING NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  duration_ms INT64 NOT NULL,
  inserted INT64 NOT NULL,
  updated INT64 NOT NULL,
  unchanged INT64 NOT NULL,
  failed INT64 NOT NULL,
  failures_by_category JSON NOT NULL,
  attempts INT64 NOT NULL,
  deleted INT64 NOT NULL,
  planned_at TIMESTAMP NOT NULL,
  superseded_by STRING,
  PRIMARY KEY (processor_name, data_date, run_id) NOT ENFORCED
)
PARTITION BY data_date
CLUSTER BY processor_name
OPTIONS (description = "one row per committed (processor, date, run) with the commit's counts, superseded runs included");

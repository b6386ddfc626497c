-- nba_orchestration.committed_runs: the run whose outcome each (processor, date) holds, with its fence (plan time, run id).
-- Written by Commit, in the transaction that merges the outputs.
-- Key: processor_name, data_date.
CREATE TABLE IF NOT EXISTS `nba_orchestration.committed_runs` (
  processor_name STRING NOT NULL,
  data_date DATE NOT NULL,
  run_id STRING NOT NULL,
  planned_at TIMESTAMP NOT NULL,
  committed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (processor_name, data_date) NOT ENFORCED
)
PARTITION BY data_date
CLUSTER BY processor_name
OPTIONS (description = "the run whose outcome each (processor, date) holds, with its fence (plan time, run id)");

-- nba_orchestration.reprocess_attempts: the entity circuit breaker's recorded failed attempts (§5.3).
-- Written by Commit, in the transaction that merges the outputs.
CREATE TABLE IF NOT EXISTS `nba_orchestration.reprocess_attempts` (
  processor_name STRING NOT NULL,
  entity_id STRING NOT NULL,
  analysis_date DATE NOT NULL,
  attempt_number INT64 NOT NULL,
  attempted_at TIMESTAMP NOT NULL,
  completeness_pct FLOAT64,
  skip_reason STRING NOT NULL,
  circuit_breaker_tripped BOOL NOT NULL,
  circuit_breaker_until TIMESTAMP,
  notes STRING NOT NULL
)
PARTITION BY analysis_date
CLUSTER BY processor_name, entity_id, analysis_date
OPTIONS (description = "the entity circuit breaker's recorded failed attempts (§5.3)");

-- nba_raw.game_lines: spread and total snapshots per game, bookmaker and outcome.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_id, bookmaker, market, snapshot_utc, outcome.
CREATE TABLE IF NOT EXISTS `nba_raw.game_lines` (
  game_id STRING NOT NULL,
  game_date DATE NOT NULL,
  bookmaker STRING NOT NULL,
  market STRING NOT NULL,
  snapshot_utc TIMESTAMP NOT NULL,
  outcome STRING NOT NULL,
  point FLOAT64 NOT NULL,
  PRIMARY KEY (game_id, bookmaker, market, snapshot_utc, outcome) NOT ENFORCED
)
PARTITION BY game_date
CLUSTER BY game_id
OPTIONS (description = "spread and total snapshots per game, bookmaker and outcome");

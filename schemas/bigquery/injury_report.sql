-- nba_raw.injury_report: injury report lines per game date, player and report time.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_date, player_lookup, reported_at.
CREATE TABLE IF NOT EXISTS `nba_raw.injury_report` (
  report_date DATE NOT NULL,
  reported_at TIMESTAMP NOT NULL,
  game_date DATE NOT NULL,
  team_abbr STRING NOT NULL,
  player_lookup STRING NOT NULL,
  injury_status STRING NOT NULL,
  reason STRING NOT NULL,
  reason_category STRING NOT NULL,
  PRIMARY KEY (game_date, player_lookup, reported_at) NOT ENFORCED
)
PARTITION BY game_date
CLUSTER BY team_abbr, player_lookup
OPTIONS (description = "injury report lines per game date, player and report time");

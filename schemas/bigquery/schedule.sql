-- nba_raw.schedule: one row per scheduled game, regular season and playoffs.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_id.
CREATE TABLE IF NOT EXISTS `nba_raw.schedule` (
  game_id STRING NOT NULL,
  game_date DATE NOT NULL,
  game_start_utc TIMESTAMP NOT NULL,
  season_year INT64 NOT NULL,
  home_team_abbr STRING NOT NULL,
  away_team_abbr STRING NOT NULL,
  home_score INT64,
  away_score INT64,
  game_status INT64 NOT NULL,
  is_playoffs BOOL NOT NULL,
  is_primetime BOOL NOT NULL,
  PRIMARY KEY (game_id) NOT ENFORCED
)
CLUSTER BY season_year, game_date
OPTIONS (description = "one row per scheduled game, regular season and playoffs");

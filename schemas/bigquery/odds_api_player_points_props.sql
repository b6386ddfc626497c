-- nba_raw.odds_api_player_points_props: Odds API player points line snapshots.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_id, player_lookup, bookmaker, snapshot_utc.
CREATE TABLE IF NOT EXISTS `nba_raw.odds_api_player_points_props` (
  game_id STRING NOT NULL,
  game_date DATE NOT NULL,
  player_lookup STRING NOT NULL,
  bookmaker STRING NOT NULL,
  snapshot_utc TIMESTAMP NOT NULL,
  points_line FLOAT64 NOT NULL,
  PRIMARY KEY (game_id, player_lookup, bookmaker, snapshot_utc) NOT ENFORCED
)
PARTITION BY game_date
CLUSTER BY player_lookup, game_id
OPTIONS (description = "Odds API player points line snapshots");

-- nba_raw.gamebook_player_stats: who was recorded in each game, DNP rows included.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_id, player_lookup.
CREATE TABLE IF NOT EXISTS `nba_raw.gamebook_player_stats` (
  game_id STRING NOT NULL,
  game_date DATE NOT NULL,
  player_lookup STRING NOT NULL,
  team_abbr STRING NOT NULL,
  player_status STRING NOT NULL,
  minutes_played FLOAT64,
  PRIMARY KEY (game_id, player_lookup) NOT ENFORCED
)
PARTITION BY game_date
CLUSTER BY player_lookup, team_abbr
OPTIONS (description = "who was recorded in each game, DNP rows included");

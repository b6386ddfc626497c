-- nba_analytics.player_game_summary: one box score per player and game, with shot zones.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_id, player_lookup.
CREATE TABLE IF NOT EXISTS `nba_analytics.player_game_summary` (
  game_id STRING NOT NULL,
  game_date DATE NOT NULL,
  player_lookup STRING NOT NULL,
  player_name STRING NOT NULL,
  team_abbr STRING NOT NULL,
  opponent_team_abbr STRING NOT NULL,
  is_home BOOL NOT NULL,
  minutes_played FLOAT64 NOT NULL,
  points FLOAT64,
  fg_makes FLOAT64 NOT NULL,
  fg_attempts FLOAT64 NOT NULL,
  three_pt_makes FLOAT64 NOT NULL,
  three_pt_attempts FLOAT64 NOT NULL,
  ft_makes FLOAT64 NOT NULL,
  ft_attempts FLOAT64 NOT NULL,
  offensive_rebounds FLOAT64 NOT NULL,
  defensive_rebounds FLOAT64 NOT NULL,
  assists FLOAT64 NOT NULL,
  usage_rate FLOAT64,
  paint_attempts FLOAT64,
  paint_makes FLOAT64,
  mid_range_attempts FLOAT64,
  mid_range_makes FLOAT64,
  assisted_fg_makes FLOAT64,
  unassisted_fg_makes FLOAT64,
  PRIMARY KEY (game_id, player_lookup) NOT ENFORCED
)
PARTITION BY game_date
CLUSTER BY player_lookup, team_abbr
OPTIONS (description = "one box score per player and game, with shot zones");

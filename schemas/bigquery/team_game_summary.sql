-- nba_analytics.team_game_summary: one offense and defense summary per team and game.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_id, team_abbr.
CREATE TABLE IF NOT EXISTS `nba_analytics.team_game_summary` (
  game_id STRING NOT NULL,
  game_date DATE NOT NULL,
  team_abbr STRING NOT NULL,
  opponent_team_abbr STRING NOT NULL,
  possessions FLOAT64 NOT NULL,
  pace FLOAT64 NOT NULL,
  offensive_rating FLOAT64 NOT NULL,
  defensive_rating FLOAT64 NOT NULL,
  rebounds FLOAT64 NOT NULL,
  opp_ft_attempts FLOAT64 NOT NULL,
  points FLOAT64 NOT NULL,
  PRIMARY KEY (game_id, team_abbr) NOT ENFORCED
)
PARTITION BY game_date
CLUSTER BY team_abbr
OPTIONS (description = "one offense and defense summary per team and game");

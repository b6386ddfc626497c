-- nba_raw.bettingpros_player_points_props: BettingPros player points offers.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: game_date, player_lookup, bookmaker, market_type, bet_side, bookmaker_last_update.
CREATE TABLE IF NOT EXISTS `nba_raw.bettingpros_player_points_props` (
  game_date DATE NOT NULL,
  player_lookup STRING NOT NULL,
  bookmaker STRING NOT NULL,
  market_type STRING NOT NULL,
  bet_side STRING NOT NULL,
  points_line FLOAT64 NOT NULL,
  opening_line FLOAT64,
  is_active BOOL NOT NULL,
  is_best_line BOOL NOT NULL,
  bookmaker_last_update TIMESTAMP NOT NULL,
  PRIMARY KEY (game_date, player_lookup, bookmaker, market_type, bet_side, bookmaker_last_update) NOT ENFORCED
)
PARTITION BY game_date
CLUSTER BY player_lookup
OPTIONS (description = "BettingPros player points offers");

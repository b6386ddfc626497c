-- nba_raw.players: the player registry: names, birth dates, universal ids.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: player_lookup.
CREATE TABLE IF NOT EXISTS `nba_raw.players` (
  player_lookup STRING NOT NULL,
  player_name STRING NOT NULL,
  birth_date DATE,
  universal_player_id STRING,
  PRIMARY KEY (player_lookup) NOT ENFORCED
)
OPTIONS (description = "the player registry: names, birth dates, universal ids");

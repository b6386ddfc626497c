-- nba_raw.team_rosters: roster snapshots: one row per team, player and roster date.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: roster_date, team_abbr, player_lookup.
CREATE TABLE IF NOT EXISTS `nba_raw.team_rosters` (
  roster_date DATE NOT NULL,
  team_abbr STRING NOT NULL,
  player_lookup STRING NOT NULL,
  birth_date DATE,
  age INT64,
  PRIMARY KEY (roster_date, team_abbr, player_lookup) NOT ENFORCED
)
PARTITION BY roster_date
CLUSTER BY team_abbr, player_lookup
OPTIONS (description = "roster snapshots: one row per team, player and roster date");

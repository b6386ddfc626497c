-- nba_raw.arenas: each team's home arena with coordinates and IANA time zone.
-- Written by LoadDataset (nbaflow seed, import); a row whose key exists is replaced when it differs, and a load that repeats a key is refused.
-- Key: team_abbr.
CREATE TABLE IF NOT EXISTS `nba_raw.arenas` (
  team_abbr STRING NOT NULL,
  arena_name STRING NOT NULL,
  latitude FLOAT64 NOT NULL,
  longitude FLOAT64 NOT NULL,
  iana_time_zone STRING NOT NULL,
  PRIMARY KEY (team_abbr) NOT ENFORCED
)
OPTIONS (description = "each team's home arena with coordinates and IANA time zone");

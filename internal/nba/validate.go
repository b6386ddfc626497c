package nba

import (
	"fmt"
	"math"
)

// rowCheck collects the first problem found in one input row. The row is
// named lazily, only when something is wrong, since most rows are fine.
type rowCheck struct {
	table string
	keys  [3]string
	err   error
}

// row names the checked row, e.g. "player_game_summary 20250115_LAL_BOS lebronjames".
func (c *rowCheck) row() string {
	s := c.table
	for _, k := range c.keys {
		if k != "" {
			s += " " + k
		}
	}
	return s
}

func (c *rowCheck) finite(col string, v float64) {
	if c.err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
		c.err = fmt.Errorf("%s: %s is %v", c.row(), col, v)
	}
}

func (c *rowCheck) nonNegative(col string, v float64) {
	c.finite(col, v)
	if c.err == nil && v < 0 {
		c.err = fmt.Errorf("%s: %s is negative (%v)", c.row(), col, v)
	}
}

func (c *rowCheck) optional(col string, v *float64) {
	if v != nil {
		c.nonNegative(col, *v)
	}
}

func (c *rowCheck) notAbove(makes string, m float64, attempts string, a float64) {
	if c.err == nil && m > a {
		c.err = fmt.Errorf("%s: %s %v exceed %s %v", c.row(), makes, m, attempts, a)
	}
}

func (c *rowCheck) optionalNotAbove(makes string, m *float64, attempts string, a *float64) {
	if m != nil && a != nil {
		c.notAbove(makes, *m, attempts, *a)
	}
}

func (c *rowCheck) knownTeam(col, team string, known map[string]bool) {
	if c.err == nil && len(known) > 0 && !known[team] {
		c.err = fmt.Errorf("%s: %s %q is not a known team", c.row(), col, team)
	}
}

// Validate reports the first thing wrong with a box score: a NaN or infinite
// stat, a negative count or minutes, more makes than attempts, or a team
// that is not in known (when known is not empty).
func (g *PlayerGame) Validate(known map[string]bool) error {
	if g.plainlyValid(known) {
		return nil
	}
	return g.problem(known)
}

// problem names the first thing wrong with a box score, nil if none.
func (g *PlayerGame) problem(known map[string]bool) error {
	c := rowCheck{table: "player_game_summary", keys: [3]string{g.GameID, g.PlayerLookup}}
	c.nonNegative("minutes_played", g.MinutesPlayed)
	c.optional("points", g.Points)
	for _, s := range []struct {
		col string
		v   float64
	}{
		{"fg_makes", g.FGMakes}, {"fg_attempts", g.FGAttempts},
		{"three_pt_makes", g.ThreePtMakes}, {"three_pt_attempts", g.ThreePtAttempts},
		{"ft_makes", g.FTMakes}, {"ft_attempts", g.FTAttempts},
		{"offensive_rebounds", g.OffensiveRebounds}, {"defensive_rebounds", g.DefensiveRebounds},
		{"assists", g.Assists},
	} {
		c.nonNegative(s.col, s.v)
	}
	c.optional("usage_rate", g.UsageRate)
	c.optional("paint_attempts", g.PaintAttempts)
	c.optional("paint_makes", g.PaintMakes)
	c.optional("mid_range_attempts", g.MidRangeAttempts)
	c.optional("mid_range_makes", g.MidRangeMakes)
	c.optional("assisted_fg_makes", g.AssistedFGMakes)
	c.optional("unassisted_fg_makes", g.UnassistedFGMakes)
	c.notAbove("fg_makes", g.FGMakes, "fg_attempts", g.FGAttempts)
	c.notAbove("three_pt_makes", g.ThreePtMakes, "three_pt_attempts", g.ThreePtAttempts)
	c.notAbove("ft_makes", g.FTMakes, "ft_attempts", g.FTAttempts)
	c.optionalNotAbove("paint_makes", g.PaintMakes, "paint_attempts", g.PaintAttempts)
	c.optionalNotAbove("mid_range_makes", g.MidRangeMakes, "mid_range_attempts", g.MidRangeAttempts)
	c.knownTeam("team_abbr", g.TeamAbbr, known)
	return c.err
}

// plainlyValid is Validate's question without the answer's words: true
// exactly when Validate finds nothing wrong. Almost every row is fine, and
// this checks one in a fraction of the time it takes to name a problem.
func (g *PlayerGame) plainlyValid(known map[string]bool) bool {
	ok := count(g.MinutesPlayed) && optionalCount(g.Points) &&
		count(g.FGMakes) && count(g.FGAttempts) && count(g.ThreePtMakes) && count(g.ThreePtAttempts) &&
		count(g.FTMakes) && count(g.FTAttempts) && count(g.OffensiveRebounds) && count(g.DefensiveRebounds) &&
		count(g.Assists) && optionalCount(g.UsageRate) &&
		optionalCount(g.PaintAttempts) && optionalCount(g.PaintMakes) &&
		optionalCount(g.MidRangeAttempts) && optionalCount(g.MidRangeMakes) &&
		optionalCount(g.AssistedFGMakes) && optionalCount(g.UnassistedFGMakes) &&
		g.FGMakes <= g.FGAttempts && g.ThreePtMakes <= g.ThreePtAttempts && g.FTMakes <= g.FTAttempts &&
		optionalNotAbove(g.PaintMakes, g.PaintAttempts) && optionalNotAbove(g.MidRangeMakes, g.MidRangeAttempts)
	return ok && (len(known) == 0 || known[g.TeamAbbr])
}

// count reports whether v is finite and not negative (NaN fails both tests).
func count(v float64) bool { return v >= 0 && v <= math.MaxFloat64 }

func optionalCount(v *float64) bool { return v == nil || count(*v) }

func optionalNotAbove(makes, attempts *float64) bool {
	return makes == nil || attempts == nil || *makes <= *attempts
}

// Validate reports the first thing wrong with a team game summary.
func (g *TeamGame) Validate(known map[string]bool) error {
	c := rowCheck{table: "team_game_summary", keys: [3]string{g.GameID, g.TeamAbbr}}
	c.nonNegative("possessions", g.Possessions)
	c.nonNegative("pace", g.Pace)
	c.nonNegative("offensive_rating", g.OffensiveRating)
	c.nonNegative("defensive_rating", g.DefensiveRating)
	c.nonNegative("rebounds", g.Rebounds)
	c.nonNegative("opp_ft_attempts", g.OppFTAttempts)
	c.nonNegative("points", g.Points)
	c.knownTeam("team_abbr", g.TeamAbbr, known)
	return c.err
}

// Validate reports the first thing wrong with a gamebook row.
func (e *GamebookEntry) Validate() error {
	c := rowCheck{table: "gamebook_player_stats", keys: [3]string{e.GameID, e.PlayerLookup}}
	c.optional("minutes_played", e.MinutesPlayed)
	return c.err
}

// Validate reports a non-finite or non-positive line.
func (p *OddsProp) Validate() error {
	c := rowCheck{table: "odds_api_player_points_props", keys: [3]string{p.GameID, p.PlayerLookup, p.Bookmaker}}
	c.line(p.PointsLine)
	return c.err
}

// Validate reports a non-finite or non-positive line.
func (p *BettingProsProp) Validate() error {
	c := rowCheck{table: "bettingpros_player_points_props", keys: [3]string{p.GameDate.String(), p.PlayerLookup, p.Bookmaker}}
	c.optional("opening_line", p.OpeningLine)
	c.line(p.PointsLine)
	return c.err
}

// line rejects a points line that is not a finite positive number.
func (c *rowCheck) line(v float64) {
	if c.err == nil && (math.IsNaN(v) || math.IsInf(v, 0) || v <= 0) {
		c.err = fmt.Errorf("%s: points_line is %v", c.row(), v)
	}
}

// Validate reports a non-finite point.
func (l *GameLineSnapshot) Validate() error {
	c := rowCheck{table: "game_lines", keys: [3]string{l.GameID, l.Bookmaker, l.Market + " " + l.Outcome}}
	c.finite("point", l.Point)
	return c.err
}

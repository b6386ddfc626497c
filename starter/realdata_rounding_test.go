package main

import (
	"context"
	"math/big"
	"slices"
	"strconv"
	"testing"

	"cloud.google.com/go/civil"

	"nbaflow/internal/nba"
	"nbaflow/internal/nbaref"
	"nbaflow/internal/warehouse/sqlite"
)

// realSeasonStart is the 2017-18 opener, the first date of schedule.csv.
var realSeasonStart = civil.Date{Year: 2017, Month: 10, Day: 17}

// realBox is a row of player_game_summary.csv, as the reference reads it.
type realBox struct {
	date                       civil.Date
	player                     string
	minutes, fga, threeA       float64
	threeM                     float64
	points                     *float64
	paintA, paintM, midA, midM *float64
}

// realTeamGame is a row of team_game_summary.csv.
type realTeamGame struct {
	date                              civil.Date
	team                              string
	pace, def, off, reb, poss, oppFTA float64
}

// realRounding compares the rounded columns of stored rows with the big.Rat
// reference worked out from the CSVs (docs/domain.md A.2.15), and counts per
// column the values compared and those that sat exactly on a tie.
type realRounding struct {
	t      *testing.T
	values map[string]int
	ties   map[string]int
}

// checkExactRoundingOnRealWeek holds every context and shot-zone row of the
// week to internal/nbaref, computed from the CSVs with encoding/csv apart
// from the importer and the engine: the fatigue and form means, the opponent
// profile and the shot-zone rates, percentages and per-game attempts.
func checkExactRoundingOnRealWeek(t *testing.T, wh *sqlite.Warehouse, from, to civil.Date) {
	t.Helper()
	boxes, teams := readRealBoxes(t), readRealTeamGames(t)
	rr := realRounding{t: t, values: map[string]int{}, ties: map[string]int{}}
	ctx := context.Background()
	for d := from; !d.After(to); d = d.AddDays(1) {
		contexts, err := wh.PlayerContexts(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range contexts {
			rr.context(c, boxes[c.PlayerLookup], teams)
		}
		zones, err := wh.ShotZoneProfiles(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, z := range zones {
			rr.zone(z, boxes[z.PlayerLookup])
		}
	}
	for _, col := range []string{"avg_minutes_per_game_last_7", "points_avg_last_10", "opponent_ft_rate_allowed",
		"opponent_pace_variance", "paint_rate_last_10", "three_pt_pct_last_10", "paint_rate_last_20"} {
		if rr.values[col] < 500 {
			t.Errorf("%s: only %d values compared with the reference", col, rr.values[col])
		}
	}
	for col, n := range rr.values {
		t.Logf("%-34s %5d values equal to the exact rounding, %3d of them exact ties", col, n, rr.ties[col])
	}
}

// check compares a stored value with the exact value rounded to places.
func (rr realRounding) check(row, col string, got *float64, exact *big.Rat, places int) {
	rr.t.Helper()
	want := nbaref.Round(exact, places)
	if (got == nil) != (want == nil) || (got != nil && *got != *want) {
		rr.t.Errorf("%s %s = %v, want %v (exact %v)", row, col, derefF(got), derefF(want), exactText(exact))
		return
	}
	rr.count(col, exact != nil && new(big.Rat).Mul(exact, nbaref.Int(2*pow10(places))).IsInt() &&
		!new(big.Rat).Mul(exact, nbaref.Int(pow10(places))).IsInt())
}

// checkSqrt compares a stored standard deviation with the exact root of the
// variance rounded to places.
func (rr realRounding) checkSqrt(row, col string, got *float64, variance *big.Rat, places int) {
	rr.t.Helper()
	want := nbaref.SqrtRound(variance, places)
	if (got == nil) != (want == nil) || (got != nil && *got != *want) {
		rr.t.Errorf("%s %s = %v, want %v (variance %v)", row, col, derefF(got), derefF(want), exactText(variance))
		return
	}
	rr.count(col, false)
}

func (rr realRounding) count(col string, tie bool) {
	rr.values[col]++
	if tie {
		rr.ties[col]++
	}
}

// context checks a context row: H is the player's rows in [T-30, T), W7 and
// W14 those in (T-7, T) and (T-14, T) (§3.6.1, §3.7.1, §3.7.2), O and M the
// opponent's and the team's last 10 team games of the season (§3.7.3).
func (rr realRounding) context(c nba.PlayerContext, player []realBox, teams map[string][]realTeamGame) {
	rr.t.Helper()
	d, row := c.GameDate, c.GameDate.String()+" "+c.PlayerLookup
	var week, fortnight, points []*big.Rat
	for _, b := range newestBefore(player, d, d.AddDays(-30)) {
		if b.date.After(d.AddDays(-7)) {
			week = append(week, nbaref.Dec(b.minutes))
		}
		if b.date.After(d.AddDays(-14)) {
			fortnight = append(fortnight, nbaref.Dec(b.minutes))
		}
		if b.points != nil {
			points = append(points, nbaref.Dec(*b.points))
		}
	}
	minutes := func(ms []*big.Rat) int64 {
		s := new(big.Rat)
		for _, m := range ms {
			s.Add(s, m)
		}
		return nbaref.Floor(nbaref.RoundRat(s, 6))
	}
	if got, want := c.MinutesInLast7Days, minutes(week); got != want {
		rr.t.Errorf("%s minutes_in_last_7_days = %d, want %d", row, got, want)
	}
	if got, want := c.MinutesInLast14Days, minutes(fortnight); got != want {
		rr.t.Errorf("%s minutes_in_last_14_days = %d, want %d", row, got, want)
	}
	avg := nbaref.Mean(week)
	if avg != nil && nbaref.RoundRat(avg, 1).Sign() == 0 {
		avg = nil // a mean of 0.0 minutes is NULL
	}
	rr.check(row, "avg_minutes_per_game_last_7", c.AvgMinutesPerGameLast7, avg, 1)
	rr.check(row, "points_avg_last_5", c.PointsAvgLast5, nbaref.Mean(points[:min(5, len(points))]), 1)
	rr.check(row, "points_avg_last_10", c.PointsAvgLast10, nbaref.Mean(points[:min(10, len(points))]), 1)
	rr.opponent(c, row, last10(teams[c.TeamAbbr], d), last10(teams[c.OpponentTeamAbbr], d))
}

// opponent checks the opponent profile of a context row (§3.7.3).
func (rr realRounding) opponent(c nba.PlayerContext, row string, own, opp []realTeamGame) {
	rr.t.Helper()
	got := nbaref.Floats(c)
	for _, v := range nbaref.OpponentProfile(refGames(own), refGames(opp)) {
		if _, ok := got[v.Column]; !ok {
			rr.t.Fatalf("the row has no column %s", v.Column)
		}
		if v.Sqrt {
			rr.checkSqrt(row, v.Column, got[v.Column], v.Exact, v.Places)
		} else {
			rr.check(row, v.Column, got[v.Column], v.Exact, v.Places)
		}
	}
}

// refGames are team games as nbaref reads them.
func refGames(games []realTeamGame) []nbaref.TeamGame {
	out := make([]nbaref.TeamGame, len(games))
	for i, g := range games {
		out[i] = nbaref.TeamGame{Pace: g.pace, DefRating: g.def, OffRating: g.off, Rebounds: g.reb, Possessions: g.poss, OppFTAttempts: g.oppFTA}
	}
	return out
}

// zone checks a shot-zone row over the player's qualifying games of the
// season before the date (§4.3, §4.7): games_10, and games_20 from 15 games.
func (rr realRounding) zone(z nba.ShotZoneProfile, player []realBox) {
	rr.t.Helper()
	var qualifying []realBox
	for _, b := range newestBefore(player, z.AnalysisDate, realSeasonStart) {
		if b.minutes > 0 || b.fga > 0 {
			qualifying = append(qualifying, b)
		}
	}
	row := z.AnalysisDate.String() + " " + z.PlayerLookup
	w := zoneSums(qualifying[:min(10, len(qualifying))])
	rr.check(row, "paint_rate_last_10", z.PaintRateLast10, w.rate(w.pa), 2)
	rr.check(row, "mid_range_rate_last_10", z.MidRangeRateLast10, w.rate(w.ma), 2)
	rr.check(row, "three_pt_rate_last_10", z.ThreePtRateLast10, w.rate(w.ta), 2)
	rr.check(row, "paint_pct_last_10", z.PaintPctLast10, w.pct(w.pm, w.pa), 3)
	rr.check(row, "mid_range_pct_last_10", z.MidRangePctLast10, w.pct(w.mm, w.ma), 3)
	rr.check(row, "three_pt_pct_last_10", z.ThreePtPctLast10, w.pct(w.tm, w.ta), 3)
	rr.check(row, "paint_attempts_per_game", z.PaintAttemptsPerGame, w.perGame(w.pa), 1)
	rr.check(row, "mid_range_attempts_per_game", z.MidRangeAttemptsPerGame, w.perGame(w.ma), 1)
	rr.check(row, "three_pt_attempts_per_game", z.ThreePtAttemptsPerGame, w.perGame(w.ta), 1)
	var rate20, pct20 *big.Rat
	if len(qualifying) >= 15 {
		w20 := zoneSums(qualifying[:min(20, len(qualifying))])
		rate20, pct20 = w20.rate(w20.pa), w20.pct(w20.pm, w20.pa)
	}
	rr.check(row, "paint_rate_last_20", z.PaintRateLast20, rate20, 2)
	rr.check(row, "paint_pct_last_20", z.PaintPctLast20, pct20, 3)
}

// realZone holds the exact zone sums of a window over its Z games with zone
// data (a game without a shot, or with both zone attempts).
type realZone struct {
	z                          int
	pa, pm, ma, mm, ta, tm, to *big.Rat
}

func zoneSums(games []realBox) realZone {
	w := realZone{pa: new(big.Rat), pm: new(big.Rat), ma: new(big.Rat), mm: new(big.Rat), ta: new(big.Rat), tm: new(big.Rat)}
	for _, g := range games {
		if g.fga > 0 && (g.paintA == nil || g.midA == nil) {
			continue
		}
		w.z++
		for _, s := range []struct {
			sum *big.Rat
			v   *float64
		}{{w.pa, g.paintA}, {w.pm, g.paintM}, {w.ma, g.midA}, {w.mm, g.midM}, {w.ta, &g.threeA}, {w.tm, &g.threeM}} {
			if s.v != nil {
				s.sum.Add(s.sum, nbaref.Dec(*s.v))
			}
		}
	}
	w.to = new(big.Rat).Add(new(big.Rat).Add(w.pa, w.ma), w.ta)
	return w
}

func (w realZone) rate(x *big.Rat) *big.Rat {
	if w.z == 0 {
		return nil
	}
	return nbaref.Ratio(x, w.to, 100)
}

func (w realZone) pct(makes, attempts *big.Rat) *big.Rat {
	if w.z == 0 {
		return nil
	}
	return nbaref.Ratio(makes, attempts, 1)
}

func (w realZone) perGame(x *big.Rat) *big.Rat {
	if w.z == 0 {
		return nil
	}
	return nbaref.Ratio(x, nbaref.Int(int64(w.z)), 1)
}

// newestBefore is the rows dated in [from, d), newest first.
func newestBefore(rows []realBox, d, from civil.Date) []realBox {
	var out []realBox
	for _, r := range rows {
		if r.date.Before(d) && !r.date.Before(from) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b realBox) int { return b.date.Compare(a.date) })
	return out
}

// last10 is a team's last 10 team games of the season before d, newest first.
func last10(games []realTeamGame, d civil.Date) []realTeamGame {
	var out []realTeamGame
	for _, g := range games {
		if g.date.Before(d) && !g.date.Before(realSeasonStart) {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b realTeamGame) int { return b.date.Compare(a.date) })
	return out[:min(10, len(out))]
}

// readRealBoxes reads player_game_summary.csv by player.
func readRealBoxes(t *testing.T) map[string][]realBox {
	t.Helper()
	out := map[string][]realBox{}
	for _, r := range readRealCSV(t, "player_game_summary.csv") {
		b := realBox{date: r.date("game_date"), player: r.s["player_lookup"], minutes: r.num("minutes_played"),
			fga: r.num("fg_attempts"), threeA: r.num("three_pt_attempts"), threeM: r.num("three_pt_makes"),
			points: r.opt("points"), paintA: r.opt("paint_attempts"), paintM: r.opt("paint_makes"),
			midA: r.opt("mid_range_attempts"), midM: r.opt("mid_range_makes")}
		out[b.player] = append(out[b.player], b)
	}
	return out
}

// readRealTeamGames reads team_game_summary.csv by team.
func readRealTeamGames(t *testing.T) map[string][]realTeamGame {
	t.Helper()
	out := map[string][]realTeamGame{}
	for _, r := range readRealCSV(t, "team_game_summary.csv") {
		g := realTeamGame{date: r.date("game_date"), team: r.s["team_abbr"], pace: r.num("pace"),
			def: r.num("defensive_rating"), off: r.num("offensive_rating"), reb: r.num("rebounds"),
			poss: r.num("possessions"), oppFTA: r.num("opp_ft_attempts")}
		out[g.team] = append(out[g.team], g)
	}
	return out
}

func (r realRecord) date(col string) civil.Date {
	r.t.Helper()
	d, err := civil.ParseDate(r.s[col])
	if err != nil {
		r.t.Fatalf("%s: %v", col, err)
	}
	return d
}

func (r realRecord) num(col string) float64 {
	r.t.Helper()
	v, err := strconv.ParseFloat(r.s[col], 64)
	if err != nil {
		r.t.Fatalf("%s: %v", col, err)
	}
	return v
}

// opt is a nullable number: an empty field is NULL.
func (r realRecord) opt(col string) *float64 {
	r.t.Helper()
	if r.s[col] == "" {
		return nil
	}
	v := r.num(col)
	return &v
}

func exactText(r *big.Rat) string {
	if r == nil {
		return "NULL"
	}
	return r.FloatString(12)
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

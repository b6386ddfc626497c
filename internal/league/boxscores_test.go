package league

import (
	"math"
	"testing"

	"nbaflow/internal/nba"
)

func TestBoxScoresAddUp(t *testing.T) {
	ds := season(t)
	for _, pg := range ds.PlayerGames {
		if pg.Points == nil {
			t.Fatalf("%s %s: NULL points", pg.GameID, pg.PlayerLookup)
		}
		want := 2*(pg.FGMakes-pg.ThreePtMakes) + 3*pg.ThreePtMakes + pg.FTMakes
		checks := []struct {
			what string
			ok   bool
		}{
			{"points = 2*(fgm-3pm) + 3*3pm + ftm", *pg.Points == want},
			{"fg makes <= attempts", pg.FGMakes <= pg.FGAttempts},
			{"three makes <= attempts", pg.ThreePtMakes <= pg.ThreePtAttempts},
			{"ft makes <= attempts", pg.FTMakes <= pg.FTAttempts},
			{"minutes > 0", pg.MinutesPlayed > 0},
		}
		if pg.PaintAttempts != nil {
			checks = append(checks, []struct {
				what string
				ok   bool
			}{
				{"fga = paint + mid + three", pg.FGAttempts == *pg.PaintAttempts+*pg.MidRangeAttempts+pg.ThreePtAttempts},
				{"fgm = paint + mid + three makes", pg.FGMakes == *pg.PaintMakes+*pg.MidRangeMakes+pg.ThreePtMakes},
				{"paint makes <= attempts", *pg.PaintMakes <= *pg.PaintAttempts},
				{"mid-range makes <= attempts", *pg.MidRangeMakes <= *pg.MidRangeAttempts},
				{"assisted + unassisted = fgm", pg.AssistedFGMakes != nil && pg.UnassistedFGMakes != nil &&
					*pg.AssistedFGMakes+*pg.UnassistedFGMakes == pg.FGMakes && *pg.UnassistedFGMakes >= 0},
			}...)
		} else if pg.PaintMakes != nil || pg.MidRangeAttempts != nil || pg.MidRangeMakes != nil ||
			pg.AssistedFGMakes != nil || pg.UnassistedFGMakes != nil {
			t.Errorf("%s %s: zone columns partly NULL", pg.GameID, pg.PlayerLookup)
		}
		for _, c := range checks {
			if !c.ok {
				t.Errorf("%s %s: want %s: %+v", pg.GameID, pg.PlayerLookup, c.what, pg)
			}
		}
	}
}

func TestTeamPointsEqualScore(t *testing.T) {
	ds := season(t)
	points := map[[2]string]float64{}
	for _, pg := range ds.PlayerGames {
		points[[2]string{pg.GameID, pg.TeamAbbr}] += *pg.Points
	}
	for _, g := range ds.Schedule {
		if got := points[[2]string{g.GameID, g.HomeTeamAbbr}]; got != float64(*g.HomeScore) {
			t.Errorf("%s: home players scored %v, score %d", g.GameID, got, *g.HomeScore)
		}
		if got := points[[2]string{g.GameID, g.AwayTeamAbbr}]; got != float64(*g.AwayScore) {
			t.Errorf("%s: away players scored %v, score %d", g.GameID, got, *g.AwayScore)
		}
	}
}

func TestMissingPlayByPlay(t *testing.T) {
	ds := season(t)
	missing := 0
	for _, pg := range ds.PlayerGames {
		if pg.PaintAttempts == nil && pg.FGAttempts > 0 {
			missing++
		}
	}
	if share := float64(missing) / float64(len(ds.PlayerGames)); share < 0.003 || share > 0.03 {
		t.Errorf("player-games with shots but NULL zones = %.2f%%, want about 1%%", 100*share)
	}
}

func TestMinutes(t *testing.T) {
	ds := season(t)
	team := map[[2]string]float64{}
	for _, pg := range ds.PlayerGames {
		team[[2]string{pg.GameID, pg.TeamAbbr}] += pg.MinutesPlayed
		if pg.MinutesPlayed > 48+5*5 {
			t.Errorf("%s %s plays %.1f minutes", pg.GameID, pg.PlayerLookup, pg.MinutesPlayed)
		}
	}
	for key, m := range team {
		overtime := (m - 240) / 25
		if m < 239.95 || math.Abs(overtime-math.Round(overtime)) > 0.001 {
			t.Errorf("%v: team minutes %.1f, want 240 plus 25 per overtime", key, m)
		}
	}

	// Starters play 30 to 36 minutes, the bench 10 to 24, the deep bench
	// little or not at all.
	f, err := newFrame(testConfig.Seed, testConfig.SeasonYear, defaultPlayersPerTeam)
	if err != nil {
		t.Fatal(err)
	}
	slotOf := map[string]int{}
	for _, ps := range f.rosters {
		for _, p := range ps {
			slotOf[p.lookup] = p.slot
		}
	}
	played := map[string][]float64{}
	for _, pg := range ds.PlayerGames {
		played[pg.PlayerLookup] = append(played[pg.PlayerLookup], pg.MinutesPlayed)
	}
	games := map[string]int{}
	for _, e := range ds.Gamebook {
		if e.PlayerStatus != gamebookInactive {
			games[e.PlayerLookup]++
		}
	}
	tests := []struct {
		name       string
		slots      [2]int
		minMinutes float64
		maxMinutes float64
		minPlayed  float64 // share of available games with minutes
	}{
		{"starters", [2]int{0, 5}, 28, 38, 0.99},
		{"bench", [2]int{5, 9}, 10, 26, 0.95},
		{"deep bench", [2]int{10, defaultPlayersPerTeam}, 1, 16, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sum, n, avail float64
			for lookup, slot := range slotOf {
				if slot < tt.slots[0] || slot >= tt.slots[1] {
					continue
				}
				for _, m := range played[lookup] {
					sum += m
					n++
				}
				avail += float64(games[lookup])
			}
			if mean := sum / n; mean < tt.minMinutes || mean > tt.maxMinutes {
				t.Errorf("mean minutes %.1f, want %.0f to %.0f", mean, tt.minMinutes, tt.maxMinutes)
			}
			if share := n / avail; share < tt.minPlayed {
				t.Errorf("played %.2f of available games, want at least %.2f", share, tt.minPlayed)
			}
			if tt.name == "deep bench" && n/avail > 0.6 {
				t.Errorf("deep bench played %.2f of available games, want mostly DNP", n/avail)
			}
		})
	}
}

func TestUsageRate(t *testing.T) {
	var sum, n, inRange float64
	for _, pg := range season(t).PlayerGames {
		if pg.UsageRate == nil {
			t.Fatalf("%s %s: NULL usage", pg.GameID, pg.PlayerLookup)
		}
		if pg.MinutesPlayed < 20 {
			continue
		}
		u := *pg.UsageRate
		sum += u
		n++
		if u >= 10 && u <= 35 {
			inRange++
		}
	}
	if mean := sum / n; mean < 17 || mean > 23 {
		t.Errorf("mean usage of regulars %.1f, want about 20", mean)
	}
	if share := inRange / n; share < 0.85 {
		t.Errorf("%.2f of regulars' usage in 10-35, want most", share)
	}
}

func TestTeamSummaries(t *testing.T) {
	ds := season(t)
	type sums struct{ fga, fta, orb, drb, points float64 }
	box := map[[2]string]*sums{}
	for _, pg := range ds.PlayerGames {
		k := [2]string{pg.GameID, pg.TeamAbbr}
		if box[k] == nil {
			box[k] = &sums{}
		}
		s := box[k]
		s.fga, s.fta, s.orb, s.drb, s.points = s.fga+pg.FGAttempts, s.fta+pg.FTAttempts, s.orb+pg.OffensiveRebounds, s.drb+pg.DefensiveRebounds, s.points+*pg.Points
	}
	if len(ds.TeamGames) != 2*len(ds.Schedule) {
		t.Fatalf("team summaries = %d, want two per game", len(ds.TeamGames))
	}
	near := func(got, want, tol float64) bool { return math.Abs(got-want) <= tol }
	for _, tg := range ds.TeamGames {
		own, opp := box[[2]string{tg.GameID, tg.TeamAbbr}], box[[2]string{tg.GameID, tg.OpponentTeamAbbr}]
		if own == nil || opp == nil {
			t.Fatalf("%s %s: no box scores", tg.GameID, tg.TeamAbbr)
		}
		// possessions = FGA - ORB + TOV + 0.44 FTA, so what is left is a
		// plausible number of turnovers.
		tov := tg.Possessions - (own.fga - own.orb + 0.44*own.fta)
		checks := []struct {
			what string
			ok   bool
		}{
			{"points = players' points", tg.Points == own.points},
			{"rebounds = players' rebounds", tg.Rebounds == own.orb+own.drb},
			{"opp_ft_attempts = opponent's FTA", tg.OppFTAttempts == opp.fta},
			{"plausible turnovers in possessions", tov >= -0.05 && tov <= 32},
			{"offensive rating = points per 100 possessions", near(tg.OffensiveRating, own.points/tg.Possessions*100, 0.051)},
			{"defensive rating = opponent points per 100 own possessions", near(tg.DefensiveRating, opp.points/tg.Possessions*100, 0.051)},
			{"pace = possessions per 48 minutes", tg.Pace <= tg.Possessions+0.05 && tg.Pace > 80 && tg.Pace < 125},
			{"one decimal", tg.Pace == nba.Round(tg.Pace, 1) && tg.Possessions == nba.Round(tg.Possessions, 1)},
		}
		for _, c := range checks {
			if !c.ok {
				t.Errorf("%s %s: want %s: %+v", tg.GameID, tg.TeamAbbr, c.what, tg)
			}
		}
	}
}

func TestStrongerTeamsWinMore(t *testing.T) {
	ds := season(t)
	f, err := newFrame(testConfig.Seed, testConfig.SeasonYear, defaultPlayersPerTeam)
	if err != nil {
		t.Fatal(err)
	}
	wins := map[string]float64{}
	for _, g := range ds.Schedule {
		if *g.HomeScore > *g.AwayScore {
			wins[g.HomeTeamAbbr]++
		} else {
			wins[g.AwayTeamAbbr]++
		}
	}
	var nets, ws []float64
	for team, fr := range franchises {
		nets = append(nets, f.ratings[team].net())
		ws = append(ws, wins[fr.abbr])
	}
	if r := correlation(nets, ws); r < 0.7 {
		t.Errorf("correlation of net rating and wins %.2f, want strong", r)
	}
}

func correlation(xs, ys []float64) float64 {
	mx, sx := meanSD(xs)
	my, sy := meanSD(ys)
	c := 0.0
	for i := range xs {
		c += (xs[i] - mx) * (ys[i] - my)
	}
	return c / float64(len(xs)) / sx / sy
}

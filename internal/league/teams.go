package league

import "nbaflow/internal/nba"

// franchise is one of the 30 teams: its home arena and its place in the
// conference and division structure that decides how often teams meet.
type franchise struct {
	abbr       string
	arena      string
	lat, lon   float64
	zone       string
	conference string
	division   string
}

// franchises lists the teams in tricode order; a team's index in this slice
// is its identity everywhere in the package. Arena names are those of the
// 2025-26 season.
var franchises = [...]franchise{
	{"ATL", "State Farm Arena", 33.7573, -84.3963, "America/New_York", "East", "Southeast"},
	{"BOS", "TD Garden", 42.3662, -71.0621, "America/New_York", "East", "Atlantic"},
	{"BKN", "Barclays Center", 40.6826, -73.9754, "America/New_York", "East", "Atlantic"},
	{"CHA", "Spectrum Center", 35.2251, -80.8392, "America/New_York", "East", "Southeast"},
	{"CHI", "United Center", 41.8807, -87.6742, "America/Chicago", "East", "Central"},
	{"CLE", "Rocket Arena", 41.4965, -81.6882, "America/New_York", "East", "Central"},
	{"DAL", "American Airlines Center", 32.7905, -96.8103, "America/Chicago", "West", "Southwest"},
	{"DEN", "Ball Arena", 39.7487, -105.0077, "America/Denver", "West", "Northwest"},
	{"DET", "Little Caesars Arena", 42.3411, -83.0553, "America/Detroit", "East", "Central"},
	{"GSW", "Chase Center", 37.7680, -122.3877, "America/Los_Angeles", "West", "Pacific"},
	{"HOU", "Toyota Center", 29.7508, -95.3621, "America/Chicago", "West", "Southwest"},
	{"IND", "Gainbridge Fieldhouse", 39.7640, -86.1555, "America/Indiana/Indianapolis", "East", "Central"},
	{"LAC", "Intuit Dome", 33.9447, -118.3417, "America/Los_Angeles", "West", "Pacific"},
	{"LAL", "Crypto.com Arena", 34.0430, -118.2673, "America/Los_Angeles", "West", "Pacific"},
	{"MEM", "FedExForum", 35.1382, -90.0506, "America/Chicago", "West", "Southwest"},
	{"MIA", "Kaseya Center", 25.7814, -80.1870, "America/New_York", "East", "Southeast"},
	{"MIL", "Fiserv Forum", 43.0451, -87.9172, "America/Chicago", "East", "Central"},
	{"MIN", "Target Center", 44.9795, -93.2761, "America/Chicago", "West", "Northwest"},
	{"NOP", "Smoothie King Center", 29.9490, -90.0821, "America/Chicago", "West", "Southwest"},
	{"NYK", "Madison Square Garden", 40.7505, -73.9934, "America/New_York", "East", "Atlantic"},
	{"OKC", "Paycom Center", 35.4634, -97.5151, "America/Chicago", "West", "Northwest"},
	{"ORL", "Kia Center", 28.5392, -81.3839, "America/New_York", "East", "Southeast"},
	{"PHI", "Xfinity Mobile Arena", 39.9012, -75.1720, "America/New_York", "East", "Atlantic"},
	{"PHX", "Mortgage Matchup Center", 33.4457, -112.0712, "America/Phoenix", "West", "Pacific"},
	{"POR", "Moda Center", 45.5316, -122.6668, "America/Los_Angeles", "West", "Northwest"},
	{"SAC", "Golden 1 Center", 38.5802, -121.4997, "America/Los_Angeles", "West", "Pacific"},
	{"SAS", "Frost Bank Center", 29.4270, -98.4375, "America/Chicago", "West", "Southwest"},
	{"TOR", "Scotiabank Arena", 43.6435, -79.3791, "America/Toronto", "East", "Atlantic"},
	{"UTA", "Delta Center", 40.7683, -111.9011, "America/Denver", "West", "Northwest"},
	{"WAS", "Capital One Arena", 38.8981, -77.0209, "America/New_York", "East", "Southeast"},
}

// numTeams is the size of the league.
const numTeams = len(franchises)

// Teams returns the 30 teams with their home arenas, in tricode order.
func Teams() []nba.Arena {
	out := make([]nba.Arena, numTeams)
	for i, f := range franchises {
		out[i] = nba.Arena{
			TeamAbbr:     f.abbr,
			ArenaName:    f.arena,
			Latitude:     f.lat,
			Longitude:    f.lon,
			IANATimeZone: f.zone,
		}
	}
	return out
}

// conferences returns the East and West conferences, each as its three
// divisions of five team indices, in a fixed order.
func conferences() [2][3][]int {
	names := [2][3]string{
		{"Atlantic", "Central", "Southeast"},
		{"Northwest", "Pacific", "Southwest"},
	}
	var out [2][3][]int
	for c, divs := range names {
		for d, name := range divs {
			for t, f := range franchises {
				if f.division == name {
					out[c][d] = append(out[c][d], t)
				}
			}
		}
	}
	return out
}

package league

import "strings"

// firstNames and lastNames are combined into player names. A few carry
// accents, apostrophes or hyphens so that consumers meet names whose lookup
// differs from the plain lowercased name. Every combination must give a
// distinct lookup (checked by a test).
var firstNames = [...]string{
	"Aaron", "Adrian", "Al", "Alec", "Alonzo", "Andre", "Anfernee", "Anthony", "Austin", "Bennett",
	"Bilal", "Bogdan", "Brandon", "Brook", "Bruce", "Caleb", "Cam", "Cameron", "Carlton", "Cedric",
	"Chris", "Clint", "Cole", "Collin", "Corey", "Cyrus", "D'Angelo", "Damian", "Dante", "Darius",
	"De'Aaron", "Dejounte", "Derrick", "Desmond", "Devin", "Dillon", "Domantas", "Donovan", "Dorian", "Draymond",
	"Dwight", "Elijah", "Emmanuel", "Eric", "Evan", "Franz", "Gabe", "Garrison", "Gordon", "Grant",
	"Harrison", "Herbert", "Ivica", "Ja'Marcus", "Jabari", "Jaden", "Jalen", "Jamal", "Jaren", "Jarrett",
	"Jay", "Jaylen", "Jeremiah", "Jerome", "Jevon", "Jonas", "Jordan", "Josh", "Jrue", "Julius",
	"Justin", "Kawhi", "Keegan", "Keldon", "Kelly", "Kendrick", "Kevin", "Khris", "Killian", "Kyle",
	"Lamar", "Lauri", "Lonnie", "Luka", "Malik", "Marcus", "Markelle", "Mason", "Matisse", "Mikal",
	"Miles", "Monte", "Moses", "Naz", "Nicolas", "Nikola", "Norman", "Obi", "Onyeka", "Ousmane",
	"Patrick", "Paul", "Quentin", "Rasheed", "Reggie", "RJ", "Robert", "Rudy", "Rui", "Santi",
	"Scottie", "Shaedon", "Shane", "Simone", "Spencer", "Stephon", "Terance", "Terrence", "Tobias", "Trey",
	"Tyrese", "Tyus", "Victor", "Walker", "Wendell", "Xavier", "Zach", "Zion",
}

var lastNames = [...]string{
	"Adams", "Aldridge", "Allen", "Anderson", "Bagley", "Ball", "Banks", "Barnes", "Bates", "Beasley",
	"Bell", "Bogdanović", "Bridges", "Brooks", "Brown", "Bryant", "Burks", "Butler", "Caldwell", "Carter",
	"Castle", "Clarke", "Claxton", "Coleman", "Collins", "Conley", "Craig", "Crawford", "Cunningham", "Daniels",
	"Davis", "Dawson", "Dixon", "Dosunmu", "Drummond", "Dunn", "Edwards", "Ellis", "Evans", "Fields",
	"Fleming", "Fox", "Franklin", "Garland", "García", "Gibson", "Goodwin", "Graham", "Gentry", "Green",
	"Griffin", "Hall", "Harper", "Harris", "Hart", "Hayes", "Henderson", "Hernández", "Hill", "Holiday",
	"Holmes", "Howard", "Hunter", "Ingram", "Irving", "Jackson", "James", "Jenkins", "Johnson", "Jones",
	"Jeffries", "Kennard", "King", "Knox", "Kuminga", "Lamb", "Lee", "Lewis", "Lively", "Lowry",
	"Lyles", "Marshall", "Martin", "Mathurin", "Maxey", "McCollum", "McDaniels", "Miller", "Mitchell", "Mobley",
	"Monk", "Moore", "Morris", "Murphy", "Murray", "Nance", "Nembhard", "Núñez", "Nurkić", "Okafor",
	"Okoro", "Oladipo", "Owens", "Parker", "Patterson", "Payton", "Peña", "Porter", "Powell", "Price",
	"Quickley", "Randle", "Reaves", "Reed", "Richardson", "Rivers", "Roberts", "Robinson", "Rose", "Ross",
	"Russell", "Šarić", "Schröder", "Scott", "Sexton", "Simmons", "Smart", "Smith", "Stewart", "Strus",
	"Suggs", "Tate", "Taylor", "Thomas", "Thompson", "Tillman", "Tucker", "Turner", "Valančiūnas", "Vanderbilt",
	"Vučević", "Wagner", "Whitfield", "Wallace", "Warren", "Washington", "Watson", "White", "Whitmore", "Wiggins",
	"Williams", "Williamson", "Wilson", "Wright", "Young", "Zeller", "O'Connor", "St. Claire", "Walker-Peters", "Ayodele",
}

// nameSuffix is appended to a few names; its lookup part "jr" must not end
// any base lookup (checked by a test), so a suffixed name stays unique.
const nameSuffix = " Jr."

// foldAccents maps the accented letters of the name lists to plain ones, as
// the pipeline's player_lookup does.
var foldAccents = map[rune]string{
	'á': "a", 'à': "a", 'ä': "a", 'ć': "c", 'č': "c", 'đ': "d", 'é': "e", 'è': "e",
	'í': "i", 'ñ': "n", 'ó': "o", 'ö': "o", 'š': "s", 'ū': "u", 'ú': "u", 'ü': "u", 'ž': "z",
}

// lookupOf normalizes a player name into a player_lookup: lowercase letters
// and digits only, accents folded, spaces and punctuation dropped.
func lookupOf(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if s, ok := foldAccents[r]; ok {
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

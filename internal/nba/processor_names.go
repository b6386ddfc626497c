package nba

import (
	"fmt"
	"slices"
	"strings"
)

// Processors is every processor, in the order runs report them.
var Processors = []Processor{UPGC, PSZA}

// processorAliases maps the accepted names, lowercased, to processors: the
// output table's name and the short name the CLI takes.
var processorAliases = map[string]Processor{
	string(UPGC): UPGC, "upgc": UPGC,
	string(PSZA): PSZA, "psza": PSZA,
}

// ParseProcessors resolves names and short names (upgc, psza) to
// processors, in report order and without repeats; no name means every
// processor.
func ParseProcessors(names []string) ([]Processor, error) {
	if len(names) == 0 {
		return Processors, nil
	}
	var want []Processor
	for _, n := range names {
		p, ok := processorAliases[strings.ToLower(strings.TrimSpace(n))]
		if !ok {
			return nil, fmt.Errorf("unknown processor %q (want upgc or psza)", n)
		}
		want = append(want, p)
	}
	var out []Processor
	for _, p := range Processors {
		if slices.Contains(want, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

package sqlite

// SeasonLoads counts the seasons w has loaded into memory, of box scores
// and of gamebook rows, for the package's external tests.
func SeasonLoads(w *Warehouse) (boxScores, gamebook int) {
	c := w.seasons
	c.boxScores.mu.Lock()
	defer c.boxScores.mu.Unlock()
	c.gamebook.mu.Lock()
	defer c.gamebook.mu.Unlock()
	return c.boxScores.loads, c.gamebook.loads
}

package bqtest

// SeedToday sets today's counts of INSERT statements and of modifications of
// table, so that a test reaches the daily limits without 1,500 jobs.
func (s *Server) SeedToday(table string, inserts, modifications int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inserts[s.today(table)] = inserts
	s.mods[s.today(table)] = modifications
}

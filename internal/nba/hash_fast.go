package nba

import (
	"encoding/binary"
	"math"
	"time"

	"cloud.google.com/go/civil"
)

// Hand-written binary forms of the input rows hashed most often (a player's
// box scores and prop snapshots). They write exactly what the reflective
// appendBinaryRow writes, column by column; TestFastBinaryFormsMatch keeps
// them in step with the col tags.

func (g *PlayerGame) appendBinary(b []byte) []byte {
	b = appendString(b, g.GameID)
	b = appendDate(b, g.GameDate)
	b = appendString(b, g.PlayerLookup)
	b = appendString(b, g.PlayerName)
	b = appendString(b, g.TeamAbbr)
	b = appendString(b, g.OpponentTeamAbbr)
	b = appendBool(b, g.IsHome)
	b = appendFloat(b, g.MinutesPlayed)
	b = appendFloatPtr(b, g.Points)
	for _, v := range [...]float64{g.FGMakes, g.FGAttempts, g.ThreePtMakes, g.ThreePtAttempts, g.FTMakes,
		g.FTAttempts, g.OffensiveRebounds, g.DefensiveRebounds, g.Assists} {
		b = appendFloat(b, v)
	}
	for _, v := range [...]*float64{g.UsageRate, g.PaintAttempts, g.PaintMakes, g.MidRangeAttempts,
		g.MidRangeMakes, g.AssistedFGMakes, g.UnassistedFGMakes} {
		b = appendFloatPtr(b, v)
	}
	return b
}

func (p *OddsProp) appendBinary(b []byte) []byte {
	b = appendString(b, p.GameID)
	b = appendDate(b, p.GameDate)
	b = appendString(b, p.PlayerLookup)
	b = appendString(b, p.Bookmaker)
	b = appendTime(b, p.SnapshotUTC)
	return appendFloat(b, p.PointsLine)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendDate(b []byte, d civil.Date) []byte {
	return binary.LittleEndian.AppendUint64(b, uint64(d.Year)<<16|uint64(d.Month)<<8|uint64(d.Day))
}

func appendTime(b []byte, t time.Time) []byte {
	return binary.LittleEndian.AppendUint64(b, uint64(t.UnixNano()))
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendFloat(b []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

func appendFloatPtr(b []byte, v *float64) []byte {
	if v == nil {
		return append(b, 0)
	}
	return appendFloat(append(b, 1), *v)
}

package nbaref

import (
	"math/big"
	"testing"
)

// TestRound pins the reference on the ties float64 arithmetic gets wrong.
func TestRound(t *testing.T) {
	tests := []struct {
		name   string
		exact  *big.Rat
		places int
		want   float64
	}{
		{"41/160·100 is 25.625", Ratio(Int(41), Int(160), 100), 2, 25.63},
		{"a negative tie goes away from zero", Dec(-25.25), 1, -25.3},
		{"2.675 is the decimal, not the binary value", Dec(2.675), 2, 2.68},
		{"1.005", Dec(1.005), 2, 1.01},
		{"a mean of 35.25 minutes", Mean(Decs([]float64{35.2, 35.3})), 1, 35.3},
		{"below the half", big.NewRat(2562499, 100000), 2, 25.62},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Round(tt.exact, tt.places); got == nil || *got != tt.want {
				t.Errorf("Round(%v, %d) = %v, want %v", tt.exact, tt.places, got, tt.want)
			}
		})
	}
	if Round(nil, 1) != nil {
		t.Error("Round(nil) is not NULL")
	}
}

// TestSqrtRound checks the rounded root on squares, on a root ending exactly
// in 5 (a tie, which goes up) and on an irrational root.
func TestSqrtRound(t *testing.T) {
	tests := []struct {
		name     string
		variance *big.Rat
		places   int
		want     float64
	}{
		{"a square", Int(4), 2, 2},
		{"√0.000225 = 0.015 is a tie", big.NewRat(225, 1000000), 2, 0.02},
		{"√2", Int(2), 3, 1.414},
		{"the variance of 1, 2, 3", Variance(Decs([]float64{1, 2, 3})), 2, 1},
		{"zero", new(big.Rat), 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SqrtRound(tt.variance, tt.places); got == nil || *got != tt.want {
				t.Errorf("SqrtRound(%v, %d) = %v, want %v", tt.variance, tt.places, got, tt.want)
			}
		})
	}
}

// TestFloor is ⌊r⌋ toward minus infinity.
func TestFloor(t *testing.T) {
	for _, tt := range []struct {
		r    *big.Rat
		want int64
	}{{big.NewRat(1146, 10), 114}, {big.NewRat(-1, 2), -1}, {Int(7), 7}} {
		if got := Floor(tt.r); got != tt.want {
			t.Errorf("Floor(%v) = %d, want %d", tt.r, got, tt.want)
		}
	}
}

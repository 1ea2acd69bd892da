//go:build race

package main

// raceEnabled: the race detector slows everything 5–20×; tests that
// measure time widen their windows and do not hold it to the figures.
const raceEnabled = true

// Package styles holds the colours and text styles of one session. They are
// built per session from the terminal's background, never shared: over SSH
// many sessions with different terminals live in one process.
package styles

import (
	"charm.land/lipgloss/v2"
)

// Styles are every style the screens draw with.
type Styles struct {
	IsDark bool

	Title    lipgloss.Style // screen titles
	Subtle   lipgloss.Style // secondary text, hints
	Label    lipgloss.Style // field labels
	Focused  lipgloss.Style // the focused field's label
	Value    lipgloss.Style // values on summaries
	Error    lipgloss.Style // inline problems
	Warning  lipgloss.Style // warnings
	Success  lipgloss.Style // confirmations
	Key      lipgloss.Style // key names in hints
	Selected lipgloss.Style // the selected row of a list
	Header   lipgloss.Style // table headers
	Step     lipgloss.Style // the step indicator
	StepDone lipgloss.Style // steps already passed
	Status   lipgloss.Style // the status line
	StatusEr lipgloss.Style // the status line when it reports an error
	Box      lipgloss.Style // dialogs and overlays
	Choice   lipgloss.Style // the chosen option
}

// New builds the styles for a dark or light background.
func New(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A990FF"))
	subtle := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	red := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF6B6B"))
	amber := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#F2C14E"))
	green := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#6BD68A"))
	selBG := ld(lipgloss.Color("#E4DDFB"), lipgloss.Color("#3A2F66"))
	return &Styles{
		IsDark:   isDark,
		Title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:   lipgloss.NewStyle().Foreground(subtle),
		Label:    lipgloss.NewStyle(),
		Focused:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Value:    lipgloss.NewStyle().Bold(true),
		Error:    lipgloss.NewStyle().Foreground(red),
		Warning:  lipgloss.NewStyle().Foreground(amber),
		Success:  lipgloss.NewStyle().Foreground(green),
		Key:      lipgloss.NewStyle().Bold(true),
		Selected: lipgloss.NewStyle().Background(selBG).Bold(true),
		Header:   lipgloss.NewStyle().Bold(true).Underline(true),
		Step:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		StepDone: lipgloss.NewStyle().Foreground(subtle),
		Status:   lipgloss.NewStyle().Foreground(subtle),
		StatusEr: lipgloss.NewStyle().Foreground(red).Bold(true),
		Box:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Choice:   lipgloss.NewStyle().Bold(true).Foreground(accent),
	}
}

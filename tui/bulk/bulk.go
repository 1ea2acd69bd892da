// Package bulk is the CSV import screen: pick a file, watch every row being
// checked and then written, and read the summary, or every problem with
// its line, when nothing was imported.
package bulk

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// ClosedMsg: the user left the import screen; Imported customers were
// added.
type ClosedMsg struct{ Imported int }

type (
	progressMsg struct {
		p  model.CSVProgress
		ch <-chan tea.Msg
	}
	doneMsg struct {
		res model.CSVResult
		err error
	}
)

type state int

const (
	picking state = iota
	running
	done
	failed
)

// Model is the import screen.
type Model struct {
	svc Store
	common.Intents
	c        *common.Common
	keys     KeyMap
	path     textinput.Model
	bar      progress.Model
	state    state
	phase    model.CSVProgress
	cancel   context.CancelFunc
	result   model.CSVResult
	problems []string
	more     int
	errText  string
	scroll   int
	width    int
	height   int
}

// New opens the import screen.
func New(c *common.Common, svc Store) *Model {
	in := common.NewInput(4096)
	in.Placeholder = c.T("customers.csv")
	in.Focus()
	return &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), path: in, bar: progress.New(progress.WithDefaultBlend(), progress.WithWidth(40))}
}

// SetSize gives the screen its area.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	m.path.SetWidth(max(20, w-12))
	m.bar.SetWidth(min(60, max(20, w-20)))
	return nil
}

// Capturing reports whether the path field has the keyboard.
func (m *Model) Capturing() bool { return m.state == picking }

// Update handles keys and the import's progress.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case progressMsg:
		if m.state == running {
			m.phase = msg.p
		}
		return wait(msg.ch)
	case doneMsg:
		return m.finished(msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.state == picking {
			return common.TypeInto(m.c, &m.path, m.c.T("File"), msg)
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.sync()
	k := &m.keys
	switch m.state {
	case picking:
		switch {
		case k.Back.Matches(msg):
			m.Emit(ClosedMsg{})
			return nil
		case k.Start.Matches(msg):
			return m.start()
		}
		if cmd := common.Refuse(msg, &k.Start); cmd != nil {
			return cmd
		}
		return common.TypeInto(m.c, &m.path, m.c.T("File"), msg)
	case running:
		if k.Back.Matches(msg) && m.cancel != nil {
			m.cancel()
			return common.Notice(m.c.T("Cancelling the import: nothing will be stored."))
		}
	case done:
		if k.Back.Matches(msg) || k.Start.Matches(msg) {
			m.Emit(ClosedMsg{Imported: m.result.Rows})
			return nil
		}
	case failed:
		switch {
		case k.Back.Matches(msg):
			m.Emit(ClosedMsg{})
		case k.Start.Matches(msg):
			m.state = picking // fix the file and try again
			m.path.Focus()
		case k.Down.Matches(msg):
			m.scrollBy(1)
		case k.Up.Matches(msg):
			m.scrollBy(-1)
		case k.PageDown.Matches(msg):
			m.scrollBy(m.listHeight())
		case k.PageUp.Matches(msg):
			m.scrollBy(-m.listHeight())
		default:
			return common.Refuse(msg, &k.Up, &k.Down, &k.PageUp, &k.PageDown)
		}
		return nil
	}
	return common.Refuse(msg, &k.Start, &k.Up, &k.Down, &k.PageUp, &k.PageDown)
}

func (m *Model) scrollBy(d int) {
	m.scroll = max(0, min(m.scroll+d, len(m.problems)-m.listHeight()))
}

func (m *Model) listHeight() int { return max(3, m.height-8) }

// start opens the file and runs the import in a command; progress comes
// back through a channel, the latest state only.
func (m *Model) start() tea.Cmd {
	if !m.c.Files {
		return common.Fail(m.c.T("CSV import"), errors.New(m.c.T("over SSH the app cannot read files on the server; import with “onboard csv import FILE” there")))
	}
	path := strings.TrimSpace(m.path.Value())
	if path == "" {
		return common.Notice(m.c.T("Type the path of a CSV file first."))
	}
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return common.Fail(m.c.T("Open"), err)
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return common.Fail(m.c.T("Open"), errors.New(m.c.T("%s is not a file", rules.Sanitize(path))))
	}
	ctx, cancel := context.WithCancel(m.c.Ctx)
	m.cancel, m.state, m.phase, m.problems, m.more, m.errText, m.scroll = cancel, running, model.CSVProgress{Phase: "check", Total: st.Size()}, nil, 0, "", 0
	m.path.Blur()
	ch := make(chan tea.Msg, 1)
	svc, actor := m.svc, m.c.Actor
	go func() {
		defer f.Close()
		res, err := svc.ImportCSV(ctx, actor, bufio.NewReaderSize(f, 256<<10), model.CSVOptions{Size: st.Size(),
			Progress: func(p model.CSVProgress) {
				select { // keep the newest only
				case <-ch:
				default:
				}
				select {
				case ch <- progressMsg{p: p}:
				default:
				}
			}})
		for {
			select { // the result must not be dropped
			case ch <- doneMsg{res, err}:
				return
			case <-ch:
			}
		}
	}()
	return wait(ch)
}

// wait returns the next message from a running import.
func wait(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg := <-ch
		if p, ok := msg.(progressMsg); ok {
			p.ch = ch
			return p
		}
		return msg
	}
}

func (m *Model) finished(msg doneMsg) tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	m.cancel = nil
	var ce *rules.CSVError
	switch {
	case msg.err == nil:
		m.state, m.result = done, msg.res
		return common.Notice(m.c.N(int64(msg.res.Rows), "Imported %d customer.", "Imported %d customers.", msg.res.Rows))
	case errors.As(msg.err, &ce):
		m.state = failed
		for _, p := range ce.Problems {
			m.problems = append(m.problems, rules.Sanitize(p.ErrorIn(m.c.L.Tag())))
		}
		m.more = ce.More
		return common.Notice(m.c.T("Nothing was imported: the file has problems."))
	case errors.Is(msg.err, context.Canceled):
		m.state, m.errText = failed, m.c.T("The import was cancelled; nothing was stored.")
	default:
		m.state, m.errText = failed, rules.Sanitize(m.c.L.Err(msg.err))
	}
	return nil
}

// View draws the screen.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.c.T("Import customers from a CSV file")) + "\n\n")
	switch m.state {
	case picking:
		b.WriteString(s.Label.Render(m.c.T("File")) + "  " + m.path.View() + "\n\n")
		b.WriteString(s.Subtle.Render(strings.Join(common.Wrap(m.c.T("The first line names the columns, like onboard csv export writes them: kind, org_name, domain, primary_email, … (address_line_1..3; education as institute_type, institute_size, website). Every row is checked first; one bad row and nothing is stored."), max(40, min(96, m.width))), "\n")))
	case running:
		pct, what := 0.0, m.c.T("Checking rows")
		if m.phase.Total > 0 {
			pct = float64(m.phase.Done) / float64(m.phase.Total)
		}
		switch m.phase.Phase {
		case "write":
			what = m.c.T("Writing %d of %d customers", m.phase.Done, m.phase.Total)
		case "index":
			what = m.c.T("Indexing %d customers for search", m.phase.Total)
		}
		b.WriteString(what + "\n\n" + m.bar.ViewAs(min(1, pct)) + "\n\n" + s.Subtle.Render(m.c.T("esc cancels: the rows written so far are taken out again.")))
	case done:
		b.WriteString(s.Success.Render("✓ "+m.c.N(int64(m.result.Rows), "Imported %d customer.", "Imported %d customers.", m.result.Rows)) + "\n\n" +
			s.Subtle.Render(m.c.T("Each one has an audit event “%s”. Press enter to see the list.", common.ActionName(m.c.L, "csv import"))))
	case failed:
		if m.errText != "" {
			b.WriteString(s.Error.Render(m.errText) + "\n\n" + s.Subtle.Render(m.c.T("enter: try again · esc: back")))
			break
		}
		n := len(m.problems) + m.more
		b.WriteString(s.Error.Render(m.c.N(int64(n), "Nothing was imported: %d problem to fix.", "Nothing was imported: %d problems to fix.", n)) + "\n\n")
		h := m.listHeight()
		end := min(len(m.problems), m.scroll+h)
		for _, line := range m.problems[m.scroll:end] {
			b.WriteString(common.Fit(line, max(20, m.width)) + "\n")
		}
		if rest := len(m.problems) - end + m.more; rest > 0 {
			b.WriteString(s.Subtle.Render(m.c.T("… %d more (↓ to scroll)", rest)) + "\n")
		}
		b.WriteString("\n" + s.Subtle.Render(m.c.T("Fix the file, then enter to try again · esc: back")))
	}
	return b.String()
}

package watcher

import (
	"context"

	"github.com/sayyes/sayyes/pkg/bus"
)

// checked records that the mailbox was just looked through, for the
// digests' health line ("watcher connected, last check 09:58").
func (m *mailbox) checked(ctx context.Context) {
	st := bus.WatchStatus{Connected: true, LastCheck: m.w.now().UTC()}
	if err := m.w.bus.SaveWatchStatus(ctx, bus.WatchKey(m.token, m.name), st); err != nil {
		m.log.Debug("could not record the watch status", "err", err)
	}
}

// disconnected records that a session ended with err, keeping the time of
// the last good check.
func (w *Watcher) disconnected(ctx context.Context, token, mbox string, err error) {
	key := bus.WatchKey(token, mbox)
	st, _, _ := w.bus.LoadWatchStatus(ctx, key)
	st.Connected = false
	if err != nil {
		st.Error = err.Error()
	}
	if serr := w.bus.SaveWatchStatus(ctx, key, st); serr != nil {
		w.log.Debug("could not record the watch status", "err", serr)
	}
}

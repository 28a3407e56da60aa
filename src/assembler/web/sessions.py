"""The Guard's sessions kept in the store, so that every worker knows each one and a restart
forgets none. It stands in for the Guard's dictionary of sessions (the same few operations); the
Session objects a worker has handed out are remembered here, so that sign-in can find and retire
the one it replaces."""
from __future__ import annotations

from collections.abc import MutableMapping

from .security import Session

KNOWN = 500  # session objects this worker remembers (the store holds them all); below the Guard's own cap


class StoredSessions(MutableMapping):
    def __init__(self, store):
        self.store = store
        self.known: dict[str, Session] = {}

    def __getitem__(self, sid: str) -> Session:
        if sid in self.known:
            return self.known[sid]
        found = self.store.web_session(sid) if isinstance(sid, str) else None
        if found is None:
            raise KeyError(sid)
        return self._remember(sid, Session(csrf=found[0], user=found[1]))

    def __contains__(self, sid) -> bool:
        try:
            self[sid]
        except KeyError:
            return False
        return True

    def __setitem__(self, sid: str, session: Session) -> None:
        self.store.keep_web_session(sid, session.csrf, session.user)
        self._remember(sid, session)

    def __delitem__(self, sid: str) -> None:
        self.known.pop(sid, None)
        self.store.drop_web_session(sid)

    def __iter__(self):
        return iter(list(self.known))  # the ones this worker holds: the store prunes the rest itself

    def __len__(self) -> int:
        return len(self.known)

    def _remember(self, sid: str, session: Session) -> Session:
        self.known[sid] = session
        while len(self.known) > KNOWN:
            self.known.pop(next(iter(self.known)))
        return session

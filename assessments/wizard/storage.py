"""The wizard's answers in the session, written only when a request changes them."""

from __future__ import annotations

import json
from typing import Any

from formtools.wizard.storage.session import SessionStorage


class ChangedSessionStorage(SessionStorage):
    """formtools' SessionStorage marks the session modified each time its data is read, so every
    request of the wizard wrote the session row (a page view too, and a first visit created one).
    This storage compares the data with what the request started with once the response is ready,
    and marks the session modified only if they differ: the views change the data in place, so
    writes cannot be tracked one by one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # puts empty data in the session if it has none
        self._loaded = json.dumps(self.data)  # as the session serialises it

    def _get_data(self) -> dict[str, Any]:
        return self.request.session[self.prefix]

    def _set_data(self, value: dict[str, Any]) -> None:
        modified = self.request.session.modified  # by something else: keep it
        self.request.session[self.prefix] = value
        self.request.session.modified = modified  # this storage's changes: see update_response

    data = property(_get_data, _set_data)

    def update_response(self, response: Any) -> None:
        super().update_response(response)
        if json.dumps(self.data) != self._loaded:
            self.request.session.modified = True

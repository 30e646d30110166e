"""A workshop's states and the moves between them.

draft -> open -> closed; a closed workshop can open again, either to continue the same round
(closed by mistake) or for a new round of answers after the discussion.
"""

from __future__ import annotations

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
MOVES: dict[str, frozenset[str]] = {
    DRAFT: frozenset({OPEN}),
    OPEN: frozenset({CLOSED}),
    CLOSED: frozenset({OPEN}),
}


class WorkshopStateError(ValueError):
    """A move the workshop's current state does not allow; `message(lang)` says why."""

    def __init__(self, key: str, status: str, target: str) -> None:
        super().__init__(key, status, target)
        self.key, self.status, self.target = key, status, target

    def message(self, lang: str = "en") -> str:
        from survey.i18n import t

        return t(self.key, lang, status=self.status, target=self.target)

    def __str__(self) -> str:
        return self.message()


def check_move(current: str, target: str, *, new_round: bool = False) -> None:
    if new_round and current != CLOSED:
        raise WorkshopStateError("state.new_round_closed", current, target)
    if target == current:
        raise WorkshopStateError("state.already", current, target)
    if target not in MOVES.get(current, frozenset()):
        raise WorkshopStateError("state.not_allowed", current, target)


def accepts_answers(status: str) -> bool:
    return status == OPEN

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
    """A move the workshop's current state does not allow; the message says why."""


def check_move(current: str, target: str, *, new_round: bool = False) -> None:
    if new_round and current != CLOSED:
        raise WorkshopStateError(
            f"a new round starts from a closed workshop (this one is {current}): close it first"
        )
    if target == current:
        raise WorkshopStateError(f"the workshop is already {current}")
    if target not in MOVES.get(current, frozenset()):
        raise WorkshopStateError(f"a {current} workshop cannot become {target}")


def accepts_answers(status: str) -> bool:
    return status == OPEN

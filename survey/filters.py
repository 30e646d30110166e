"""Which answers an analysis or a download covers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AnswerFilter:
    """Workshops to include and, optionally, only some roles, organisations, dates, a round.

    Anonymity thresholds are applied after filtering, to what the filter leaves.
    """

    workshop_ids: tuple[int, ...]
    roles: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    submitted_from: datetime | None = None
    submitted_to: datetime | None = None
    round_number: int | None = None

    @classmethod
    def of(cls, workshop_ids: Sequence[int], **narrowing: object) -> AnswerFilter:
        return cls(workshop_ids=tuple(workshop_ids), **narrowing)  # type: ignore[arg-type]

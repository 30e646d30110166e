"""Realistic synthetic workshops, deterministic for a seed.

The pattern follows the research behind the survey: the CIO rates themself higher than the
peers do (most of all the CFO), and everyone expects more of the CIO than they see today.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlmodel import Session

from survey.models import ResponseCreate, WorkshopCreate
from survey.questionnaire import POINTS, Questionnaire
from survey.store import SubmitResult, create_workshop, get_workshop, submit_response

ORGANISATIONS = (
    "Brabant Logistics",
    "Meuse Énergie",
    "Scheldt Verzekeringen",
    "Ardennes Foods",
    "Flanders Retail",
    "Liège Acier",
    "Gent Pharma",
    "Namur Télécom",
    "Antwerp Ports",
    "Bruges Banque",
    "Leuven Biotech",
    "Hainaut Construction",
)
TEAM = ("CEO", "CFO", "COO", "CIO", "OTHER")
PEERS = ("CEO", "CFO", "COO")
# How each role's view of the CIO sits against the organisation's true position (points).
ROLE_BIAS = {"CIO": 1.1, "CEO": 0.3, "COO": -0.1, "OTHER": 0.0, "CFO": -0.8}
EXPECTED_LIFT = 1.8
DONT_KNOW_RATE = 0.04


@dataclass(frozen=True)
class DemoResult:
    workshop_code: str
    created_workshop: bool
    stored: int
    already_there: int


def demo_submissions(
    *, questionnaire: Questionnaire, workshop_code: str, respondents: int, seed: int
) -> list[ResponseCreate]:
    """`respondents` synthetic submissions, organisation by organisation (a full team each)."""
    rng = random.Random(seed)
    item_shift = {item.id: rng.uniform(-0.6, 0.6) for item in questionnaire.items}
    submissions: list[ResponseCreate] = []
    organisation_index = 0
    while len(submissions) < respondents:
        organisation = ORGANISATIONS[organisation_index % len(ORGANISATIONS)]
        if organisation_index >= len(ORGANISATIONS):
            organisation = f"{organisation} {organisation_index // len(ORGANISATIONS) + 1}"
        true_position = rng.gauss(3.4, 0.7)
        team = TEAM if rng.random() < 0.5 else TEAM[:4]
        for role in team:
            if len(submissions) == respondents:
                break
            answers: dict[str, int | None] = {}
            for question in questionnaire.questions():
                if rng.random() < DONT_KNOW_RATE:
                    answers[question.key] = None
                    continue
                centre = true_position + ROLE_BIAS[role] + item_shift[question.item.id]
                if question.item.kind == "unipolar":
                    centre = rng.gauss(5.0, 0.6) - (0.5 if role == "CFO" else 0.0)
                elif question.lens == "expected":
                    centre += EXPECTED_LIFT
                answers[question.key] = _score(centre + rng.gauss(0, 0.8))
            predictions: dict[str, int] = {}
            if role == "CIO":
                # CIOs tend to expect their peers to see them as they see themselves.
                own = true_position + ROLE_BIAS["CIO"]
                predictions = {peer: _score(own - 0.3 + rng.gauss(0, 0.5)) for peer in PEERS}
            submissions.append(
                ResponseCreate(
                    predictions=predictions,
                    role=role,
                    organisation=organisation,
                    language=rng.choice(("en", "fr", "fr", "nl")),
                    comment=None,
                    idempotency_key=f"demo:{workshop_code}:{seed}:{len(submissions)}",
                    answers=answers,
                )
            )
        organisation_index += 1
    return submissions


def _score(value: float) -> int:
    return int(min(POINTS, max(1, round(value))))


def add_demo_responses(
    *,
    session: Session,
    questionnaire: Questionnaire,
    workshop_code: str,
    respondents: int,
    seed: int,
    title: str | None = None,
) -> DemoResult:
    """Create the workshop if needed and add the synthetic responses (idempotent per seed)."""
    workshop = get_workshop(session=session, code=workshop_code)
    created = workshop is None
    if workshop is None:
        workshop = create_workshop(
            session=session,
            data=WorkshopCreate(
                code=workshop_code,
                title=title or f"Demo workshop {workshop_code}",
                kind="team" if respondents <= len(TEAM) else "cohort",
            ),
        )
    assert workshop.id is not None
    results: list[SubmitResult] = [
        submit_response(session=session, workshop_id=workshop.id, data=data)
        for data in demo_submissions(
            questionnaire=questionnaire,
            workshop_code=workshop.code,
            respondents=respondents,
            seed=seed,
        )
    ]
    stored = sum(result.created for result in results)
    return DemoResult(workshop.code, created, stored, len(results) - stored)

"""Workshop states, rounds, invitations and closing, on a real database."""

from __future__ import annotations

import threading
from itertools import product

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from survey.lifecycle import CLOSED, DRAFT, OPEN, WorkshopStateError, check_move
from survey.models import Invitation, Prediction, Response
from survey.questionnaire import Questionnaire
from survey.store import (
    InvitationError,
    WorkshopClosedError,
    change_status,
    create_invitations,
    create_workshop_with_new_code,
    get_invitation,
    prediction_rows,
    responses_by_role,
    submit_response,
)
from tests.factories import answers_for, make_workshop, submission, submit

ALLOWED = {(DRAFT, OPEN), (OPEN, CLOSED), (CLOSED, OPEN)}


@pytest.mark.parametrize(("current", "target"), list(product([DRAFT, OPEN, CLOSED], repeat=2)))
def test_only_the_documented_moves_are_allowed(current: str, target: str) -> None:
    if (current, target) in ALLOWED:
        check_move(current, target)
    else:
        with pytest.raises(WorkshopStateError):
            check_move(current, target)


def test_a_new_round_starts_only_from_a_closed_workshop() -> None:
    check_move(CLOSED, OPEN, new_round=True)
    for current in (DRAFT, OPEN):
        with pytest.raises(WorkshopStateError, match="close it first"):
            check_move(current, OPEN, new_round=True)


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_only_open_workshops_accept_answers(session: Session, questionnaire: Questionnaire) -> None:
    draft = create_workshop_with_new_code(session=session, title="Later", status=DRAFT)
    with pytest.raises(WorkshopClosedError):
        submit(session, draft, submission(answers_for(questionnaire)))
    workshop = make_workshop(session)
    submit(session, workshop, submission(answers_for(questionnaire)))
    change_status(session=session, workshop_id=workshop.id, status=CLOSED)  # type: ignore[arg-type]
    with pytest.raises(WorkshopClosedError):
        submit(session, workshop, submission(answers_for(questionnaire)))
    assert _count(session, Response) == 1  # nothing partial from the refused ones


def test_rounds_keep_answers_apart(session: Session, questionnaire: Questionnaire) -> None:
    workshop = make_workshop(session)
    assert workshop.id is not None
    submit(session, workshop, submission(answers_for(questionnaire), role="CFO"))
    change_status(session=session, workshop_id=workshop.id, status=CLOSED)
    reopened = change_status(session=session, workshop_id=workshop.id, status=OPEN, new_round=True)
    assert reopened.current_round == 2 and reopened.status == OPEN
    submit(session, workshop, submission(answers_for(questionnaire), role="CEO"))
    submit(session, workshop, submission(answers_for(questionnaire), role="CEO"))
    assert responses_by_role(session=session, workshop_id=workshop.id, round_number=1) == {"CFO": 1}
    assert responses_by_role(session=session, workshop_id=workshop.id, round_number=2) == {"CEO": 2}
    with pytest.raises(WorkshopStateError):
        change_status(session=session, workshop_id=workshop.id, status=OPEN)


def test_an_invitation_is_used_once(session: Session, questionnaire: Questionnaire) -> None:
    workshop = make_workshop(session)
    assert workshop.id is not None
    invitation, other = create_invitations(
        session=session, workshop_id=workshop.id, roles=["CFO", "CEO"]
    )
    assert len(invitation.token) >= 20 and invitation.token != other.token
    data = submission(answers_for(questionnaire), role="CFO", key="a")
    data.invitation_token = invitation.token
    result = submit(session, workshop, data)
    again = submit(session, workshop, data)  # the same form twice: the same response
    assert again.response_id == result.response_id and not again.created
    used = get_invitation(session=session, token=invitation.token)
    assert used is not None and used.response_id == result.response_id
    reuse = submission(answers_for(questionnaire), role="CFO", key="b")
    reuse.invitation_token = invitation.token
    with pytest.raises(InvitationError):
        submit(session, workshop, reuse)
    wrong = submission(answers_for(questionnaire), role="CEO", key="c")
    wrong.invitation_token = "guessed-token"
    with pytest.raises(InvitationError):
        submit(session, workshop, wrong)
    assert _count(session, Response) == 1


def test_one_invitation_used_from_two_phones_at_once_counts_once(
    engine: Engine, questionnaire: Questionnaire
) -> None:
    with Session(engine) as session:
        workshop_id = make_workshop(session).id
        assert workshop_id is not None
        (invitation,) = create_invitations(session=session, workshop_id=workshop_id, roles=["COO"])
        token = invitation.token
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def phone() -> None:
        data = submission(answers_for(questionnaire), role="COO")
        data.invitation_token = token
        with Session(engine) as own:
            barrier.wait()
            try:
                submit_response(session=own, workshop_id=workshop_id, data=data)
                outcomes.append("stored")
            except InvitationError:
                outcomes.append("refused")

    threads = [threading.Thread(target=phone) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 3 + ["stored"]
    with Session(engine) as session:
        assert _count(session, Response) == 1
        assert _count(session, Invitation) == 1


def test_cio_predictions_are_stored_with_the_response(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session)
    data = submission(answers_for(questionnaire), role="CIO")
    data.predictions = {"CEO": 5, "CFO": 3, "COO": 4}
    submit(session, workshop, data)
    rows = prediction_rows(session=session, workshop_id=workshop.id)  # type: ignore[arg-type]
    assert sorted(rows) == [("CEO", "overall", 5), ("CFO", "overall", 3), ("COO", "overall", 4)]
    assert _count(session, Prediction) == 3


def test_join_codes_stay_unique_over_many_workshops(session: Session) -> None:
    codes = {create_workshop_with_new_code(session=session, title=f"W{i}").code for i in range(200)}
    assert len(codes) == 200


def test_only_a_closed_workshop_is_purged_with_everything_in_it(
    session: Session, questionnaire: Questionnaire
) -> None:
    from survey.store import purge_workshop

    workshop = make_workshop(session)
    keep = make_workshop(session, code="KEEP1")
    assert workshop.id is not None
    for _ in range(2):
        submit(session, workshop, submission(answers_for(questionnaire)))
    submit(session, keep, submission(answers_for(questionnaire)))
    create_invitations(session=session, workshop_id=workshop.id, roles=["CFO"])
    with pytest.raises(WorkshopStateError, match="close it first"):
        purge_workshop(session=session, workshop_id=workshop.id)
    change_status(session=session, workshop_id=workshop.id, status=CLOSED)
    assert purge_workshop(session=session, workshop_id=workshop.id) == 2
    assert _count(session, Response) == 1 and _count(session, Invitation) == 0
    assert _count(session, Prediction) == 0


def test_the_command_line_asks_before_purging(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from survey.__main__ import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    main(["demo", "--workshop", "GONE1", "--respondents", "3"])
    main(["workshop", "close", "GONE1"])
    capsys.readouterr()
    assert main(["workshop", "purge", "GONE1"]) == 1
    assert "run again with --yes" in capsys.readouterr().err
    assert main(["workshop", "purge", "GONE1", "--yes"]) == 0
    assert "deleted with 3 responses" in capsys.readouterr().out
    assert main(["workshop", "purge", "GONE1", "--yes"]) == 1

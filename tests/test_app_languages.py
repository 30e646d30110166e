"""The survey in English, French and Dutch through AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from survey.config import PROJECT_ROOT
from survey.i18n import t
from survey.models import Response, WorkshopCreate
from survey.questionnaire import LANGUAGES, Questionnaire
from survey.store import create_schema, create_workshop, make_engine
from survey.ui.survey_form import progress_css

ENTRY = str(PROJECT_ROOT / "dashboard.py")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()
    engine = make_engine(url)
    create_schema(engine)
    with Session(engine) as session:
        for code, language in (("FRANS1", "fr"), ("NL1", "nl")):
            data = WorkshopCreate(code=code, title="Les Rencontres", language=language)
            create_workshop(session=session, data=data)
    engine.dispose()
    yield url
    st.cache_resource.clear()


def _survey(**query: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_survey_renders_in_each_language(
    database: str, questionnaire: Questionnaire, lang: str
) -> None:
    at = _survey(code="FRANS1", lang=lang)
    assert not at.exception
    assert at.title[0].value == t("app.title", lang)
    assert at.button(key="submit").label == t("survey.submit", lang)
    overall = questionnaire.item("overall")
    assert overall.low[lang] in at.radio(key="answer__overall__today").label
    assert at.radio(key="answer__overall__today").options[-1] == questionnaire.dont_know[lang]
    assert at.radio(key="role").options[-1] == t("role.OTHER", lang)


def test_the_workshop_language_is_the_default_and_a_bad_lang_falls_back(
    database: str,
) -> None:
    assert _survey(code="NL1").title[0].value == t("app.title", "nl")
    at = _survey(code="FRANS1", lang="xx")
    assert not at.exception and not at.error
    assert at.title[0].value == t("app.title", "fr")


def test_switching_language_keeps_the_answers_given(
    database: str, questionnaire: Questionnaire
) -> None:
    at = _survey(code="FRANS1")
    at.radio(key="role").set_value("COO").run()
    at.radio(key="answer__scope__today").set_value(6).run()
    at.radio(key="answer__mandate__expected").set_value("dont_know").run()
    at.text_area(key="comment").input("À discuter").run()
    at.segmented_control(key="language").set_value("nl").run()
    assert at.title[0].value == t("app.title", "nl")
    assert at.radio(key="role").value == "COO"
    assert at.radio(key="answer__scope__today").value == 6
    assert at.radio(key="answer__mandate__expected").value == "dont_know"
    assert at.text_area(key="comment").value == "À discuter"
    assert at.query_params["lang"] in ("nl", ["nl"])
    for question in questionnaire.questions():
        if at.radio(key=f"answer__{question.key}").value is None:
            at.radio(key=f"answer__{question.key}").set_value(4)
    at.run()
    at.button(key="submit").click().run()
    assert at.success and at.success[0].value == t("survey.thanks", "nl")
    engine = make_engine(database)
    with Session(engine) as session:
        stored = session.exec(select(Response)).one()
    assert (stored.language, stored.role, stored.comment) == ("nl", "COO", "À discuter")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_progress_wording_becomes_a_safe_css_string(lang: str) -> None:
    css = progress_css(t("survey.progress", lang, answered="{answered}", total=23))
    assert "counter(answered)" in css and css.count("<") == 2  # <style> and </style> only
    hostile = progress_css('{answered} "} body {display:none} </style><script>x</script>')
    assert hostile.count("<") == 2 and '"}' not in hostile and "\\22 " in hostile

"""Interface text. Questionnaire wording lives in the questionnaire file, not here.

`t(key, lang, **values)` looks a message up; a language without the key falls back to English,
and a key missing everywhere raises KeyError (tests catch it, users never see a raw key).
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"

CATALOGUE: dict[str, dict[str, str]] = {
    "app.title": {"en": "CIO perception survey"},
    "nav.survey": {"en": "Survey"},
    "nav.results": {"en": "Results"},
    "role.CEO": {"en": "CEO"},
    "role.CFO": {"en": "CFO"},
    "role.COO": {"en": "COO"},
    "role.CIO": {"en": "CIO (answering about yourself)"},
    "role.OTHER": {"en": "Other executive"},
    "role.PEERS": {"en": "Peers (all but the CIO)"},
    "role_short.CIO": {"en": "CIO"},
    "role_short.OTHER": {"en": "Other"},
    "role_short.PEERS": {"en": "Peers"},
    "lens.today": {"en": "Today"},
    "lens.expected": {"en": "Expected in 2–3 years"},
    "survey.choose_workshop": {"en": "Workshop"},
    "survey.choose_workshop_help": {"en": "Pick the workshop you are taking part in."},
    "survey.no_workshops": {
        "en": "No workshop is open for answers yet. Ask your facilitator for the join link."
    },
    "survey.intro": {
        "en": "Place your CIO on each line, from the IT-manager end (1) to the strategist end "
        "(7): first as the CIO acts today, then as your company needs the CIO to be in 2–3 "
        "years. About three minutes. If you cannot judge an item, choose “{dont_know}”."
    },
    "survey.role": {"en": "Your role"},
    "survey.organisation": {"en": "Your organisation (optional)"},
    "survey.comment": {"en": "Anything you would like to add? (optional)"},
    "survey.submit": {"en": "Submit my answers"},
    "survey.scale_ends": {"en": "1 = {low} · 7 = {high}"},
    "survey.missing_summary": {
        "en": "{count} answer(s) still missing or invalid: they are marked below. "
        "Nothing has been stored yet; your answers stay on screen."
    },
    "survey.thanks": {
        "en": "Thank you: your answers have been recorded. They count once, however often "
        "the button was pressed."
    },
    "survey.answer_again": {"en": "Answer again for someone else"},
    "survey.receipt": {"en": "Response number {number} in workshop {code}."},
    "survey.closed": {"en": "This workshop is not accepting answers at the moment."},
    "error.workshop_unknown": {
        "en": "There is no workshop with the code “{code}”. Check the link, or pick one below."
    },
    "error.role_missing": {"en": "Please choose your role."},
    "error.role_unknown": {"en": "That role is not one of the choices."},
    "error.organisation_too_long": {"en": "Please shorten the organisation name."},
    "error.comment_too_long": {"en": "Please shorten your comment to {max} characters."},
    "error.language_unknown": {"en": "That language is not available."},
    "error.submission_key": {"en": "This form has expired: please reload the page."},
    "error.answer_missing": {"en": "Please choose an answer (or “{dont_know}”)."},
    "error.score_range": {"en": "Please choose a point between 1 and 7."},
    "error.question_unknown": {"en": "This question is not part of the survey."},
    "error.database": {
        "en": "Your answers could not be saved just now (the database did not respond). "
        "They are still on screen: please press the button again in a moment."
    },
    "error.database_down": {
        "en": "The survey cannot reach its database just now. Please try again in a moment."
    },
    "results.title": {"en": "Results"},
    "results.choose_workshop": {"en": "Workshop"},
    "results.empty": {
        "en": "No answers yet for this workshop. Share the join link: {link}. "
        "Charts appear here as soon as the first executive submits."
    },
    "results.no_workshops": {
        "en": "There is no workshop yet. Create one with `python -m survey workshop create "
        '--title "…"`, or fill one with synthetic answers: `python -m survey demo --workshop '
        "DEMO --respondents 12 --seed 1`."
    },
    "results.responses": {"en": "Responses"},
    "results.ladder": {"en": "Perception ladder: where each role places the CIO"},
    "results.self_vs_others": {"en": "Self vs. others: the CIO's own view minus the peers'"},
    "results.between_roles": {"en": "Between roles: how far apart the executives are"},
    "results.expectation_gap": {"en": "Expectation gap: expected minus today"},
    "results.heatmap": {"en": "Items x roles"},
    "results.answers": {"en": "Every answer"},
    "results.lens": {"en": "Lens"},
    "results.download_csv": {"en": "Download answers (CSV)"},
    "results.numbers": {"en": "The numbers behind the charts"},
    "results.self_missing": {
        "en": "Self vs. others appears once the CIO and at least one other executive have answered."
    },
    "results.flag_note": {
        "en": "Gaps of {flag} points or more (a third of the scale) are flagged. "
        "Blind spot: the CIO rates themself higher than the peers do; hidden strength: lower."
    },
    "chart.position": {"en": "Position (1 = {low}, 7 = {high})"},
    "chart.mean": {"en": "Mean (1–7)"},
    "chart.gap": {"en": "Gap in points"},
    "chart.gap_self": {"en": "CIO minus peers (points)"},
    "chart.gap_expected": {"en": "Expected minus today (points)"},
    "chart.score": {"en": "Answer (1–7)"},
    "chart.blind_spot": {"en": "blind spot"},
    "chart.hidden_strength": {"en": "hidden strength"},
    "chart.aligned": {"en": "aligned"},
    "chart.spread": {"en": "spread {spread:.1f}"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def role_label(role: str, lang: str = DEFAULT_LANGUAGE, *, short: bool = False) -> str:
    if short and f"role_short.{role}" in CATALOGUE:
        return t(f"role_short.{role}", lang)
    return t(f"role.{role}", lang)

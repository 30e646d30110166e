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
    "nav.workshops": {"en": "Facilitator"},
    "nav.join": {"en": "Join screen"},
    "nav.present": {"en": "Presenter view"},
    "nav.respondents": {"en": "Respondents"},
    "nav.facilitator": {"en": "Facilitator"},
    "signin.title": {"en": "Facilitator sign-in"},
    "signin.password": {"en": "Facilitator password"},
    "signin.submit": {"en": "Sign in"},
    "signin.sign_out": {"en": "Sign out"},
    "signin.wrong": {"en": "That password is not right. Nothing was changed."},
    "signin.wait": {
        "en": "Too many wrong passwords: please wait {seconds} seconds before trying again."
    },
    "signin.not_configured": {
        "en": "No facilitator password is configured on this server. Set SURVEY_ADMIN_PASSWORD "
        "(in the environment or in .streamlit/secrets.toml) and restart."
    },
    "workshops.title": {"en": "Workshops"},
    "workshops.create": {"en": "Create a workshop"},
    "workshops.field_title": {"en": "Title"},
    "workshops.field_kind": {"en": "Kind"},
    "workshops.kind.team": {
        "en": "Team: one company's executives; answers are attributed by role, with their consent"
    },
    "workshops.kind.cohort": {
        "en": "Cohort: executives from many organisations; anonymous, small groups hidden"
    },
    "workshops.field_language": {"en": "Default language"},
    "workshops.field_min_group": {"en": "Minimum group size (cohorts)"},
    "workshops.field_open_now": {"en": "Open for answers now"},
    "workshops.create_submit": {"en": "Create workshop"},
    "workshops.created": {"en": "Workshop created. Join code: {code}"},
    "workshops.title_missing": {"en": "Please give the workshop a title."},
    "workshops.none": {"en": "No workshop yet: create the first one above."},
    "workshops.status": {"en": "Status"},
    "workshops.round": {"en": "Round"},
    "workshops.code": {"en": "Join code"},
    "workshops.open": {"en": "Open for answers"},
    "workshops.close": {"en": "Close"},
    "workshops.new_round": {"en": "Open a new round"},
    "workshops.status.draft": {"en": "draft"},
    "workshops.status.open": {"en": "open"},
    "workshops.status.closed": {"en": "closed"},
    "workshops.moved": {"en": "The workshop is now {status}."},
    "workshops.invitations": {"en": "Invitation links (one per executive, single use)"},
    "workshops.invite_roles": {"en": "Roles to invite"},
    "workshops.invite_create": {"en": "Create invitation links"},
    "workshops.invite_used": {"en": "used"},
    "workshops.invite_unused": {"en": "not used yet"},
    "workshops.invite_team_only": {
        "en": "Invitation links are for team workshops; cohorts join with the code or QR."
    },
    "workshops.comments": {"en": "Comments (facilitator only)"},
    "workshops.no_comments": {"en": "No comments yet."},
    "workshops.links": {"en": "Show"},
    "join.scan": {"en": "Scan to answer, or go to"},
    "join.code": {"en": "Code"},
    "join.responses": {"en": "{count} responses so far"},
    "present.responses": {"en": "Responses"},
    "present.show": {"en": "Show"},
    "present.view.waiting": {"en": "Responses only"},
    "present.view.ladder": {"en": "Perception ladder"},
    "present.view.self": {"en": "Self vs. others"},
    "present.view.between": {"en": "Between roles"},
    "present.view.expectation": {"en": "Expectation gap"},
    "present.view.prompts": {"en": "Questions for the room"},
    "present.view.prediction": {"en": "Predicted vs. actual"},
    "present.view.convergence": {"en": "Before / after"},
    "present.team_note": {
        "en": "Team workshop: answers are attributed by role (each role is one person)."
    },
    "present.cohort_note": {
        "en": "Cohort workshop: anonymous; a role is shown once it has {min} answers."
    },
    "present.needed": {"en": "{role}: {count} more answer(s) needed before it is shown"},
    "present.reconnecting": {
        "en": "Reconnecting to the database… the figures will update as soon as it answers."
    },
    "present.no_prediction": {
        "en": "No CIO prediction yet (or too few CIOs to show one anonymously)."
    },
    "present.no_convergence": {
        "en": "Before / after appears once a second round has answers from several roles."
    },
    "present.no_prompts": {"en": "Questions appear once at least two roles have answered."},
    "present.round": {"en": "Round {round}"},
    "prompt.roles": {
        "en": "{high} and {low} differ by {size:.1f} points on “{item}”: what would change "
        "the {low}'s view?"
    },
    "prompt.self_high": {
        "en": "The CIO places themself {size:.1f} points higher than the peers do on “{item}”: "
        "what are the peers not seeing?"
    },
    "prompt.self_low": {
        "en": "The peers place the CIO {size:.1f} points higher than the CIO does on “{item}”: "
        "why does the CIO undersell this?"
    },
    "prompt.expectation": {
        "en": "The {role} expects {size:.1f} points more of the CIO on “{item}” than today: "
        "what would it take to get there?"
    },
    "survey.invitation_unknown": {
        "en": "This invitation link is not valid. Please check it with your facilitator."
    },
    "survey.invitation_used": {
        "en": "This invitation has already been used: each executive answers once."
    },
    "survey.invited_as": {"en": "You are answering as: {role}"},
    "survey.predict_title": {"en": "If you are the CIO (optional)"},
    "survey.predict_intro": {
        "en": "How do you think each of these peers places you today, from 1 (an operational "
        "IT manager) to 7 (a business strategist)?"
    },
    "survey.predict_role": {"en": "How the {role} places me"},
    "survey.closed_meanwhile": {
        "en": "This workshop stopped accepting answers before yours arrived. Nothing was stored."
    },
    "chart.predicted": {"en": "CIO's prediction"},
    "chart.actual": {"en": "Actual"},
    "chart.before": {"en": "Round 1"},
    "chart.after": {"en": "Round {round}"},
    "chart.spread_axis": {"en": "Spread between roles (points)"},
    "nav.analysis": {"en": "Analysis"},
    "analysis.title": {"en": "Analysis"},
    "analysis.workshops": {"en": "Workshops"},
    "analysis.pick": {"en": "Choose one or more workshops to analyse."},
    "analysis.roles": {"en": "Roles (all when empty)"},
    "analysis.organisations": {"en": "Organisations (all when empty)"},
    "analysis.dates": {"en": "Submitted between"},
    "analysis.round": {"en": "Round"},
    "analysis.all_rounds": {"en": "All rounds"},
    "analysis.aggregates": {"en": "Aggregates per role, item and lens"},
    "analysis.aggregates_note": {
        "en": "Means leave “don't know” out; 95% intervals are BCa bootstrap intervals. In "
        "cohort workshops, cells with fewer answers than the minimum group size are hidden "
        "(suppressed), after the filters above."
    },
    "analysis.gaps": {"en": "Gaps with their uncertainty"},
    "analysis.gaps_note": {
        "en": "Team workshops are described, not tested (one person per role); with three or "
        "more peers, their agreement is shown (SD, average deviation, rwg). Cohorts: paired "
        "Wilcoxon or Friedman tests where organisations pair the answers, otherwise "
        "Mann-Whitney with permutation p-values; p_holm is corrected for the number of tests; "
        "Cliff's delta is the effect size."
    },
    "analysis.reliability": {"en": "Strategist index"},
    "analysis.alpha": {"en": "Cronbach's alpha of the {count} items (today, pooled): {alpha}"},
    "analysis.alpha_low": {
        "en": "Alpha is below 0.70 (or not computable): the items do not add up to one "
        "index here, so no strategist index is offered."
    },
    "analysis.index_by_role": {"en": "Mean strategist index (0 = IT manager, 100 = strategist)"},
    "analysis.compare": {"en": "Compare two workshops"},
    "analysis.compare_pick": {"en": "Choose exactly two workshops above to compare them."},
    "analysis.compare_note": {
        "en": "Change = second minus first workshop, with a 95% bootstrap interval, a "
        "Mann-Whitney permutation p-value and Cliff's delta; groups under the stricter "
        "minimum group size are left out."
    },
    "analysis.downloads": {"en": "Downloads"},
    "analysis.no_answers": {"en": "No answers match these filters."},
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

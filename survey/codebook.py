"""What every exported column and item means: the codebook shipped with each download."""

from __future__ import annotations

from survey.export import LONG_COLUMNS, RESPONSE_COLUMNS
from survey.questionnaire import LANGUAGES, Questionnaire

CODEBOOK_COLUMNS: tuple[str, ...] = (
    "name",
    "kind",
    "lens",
    "meaning",
    *(f"wording_{lang}" for lang in LANGUAGES),
)

COLUMN_MEANINGS: dict[str, str] = {
    "workshop_code": "the workshop's join code",
    "response_id": "one respondent's submission (stable integer)",
    "submitted_at": "when it was submitted, ISO 8601 in UTC",
    "role": "CEO, CFO, COO, CIO (self-assessment) or OTHER executive",
    "organisation": "as typed by the respondent (may be empty)",
    "language": "en, fr or nl: the language the answers were given in",
    "item_id": "the item (see the item rows of this codebook)",
    "lens": "today, or expected (what the company needs in 2-3 years)",
    "score": "1 (IT-manager end) to 7 (strategist end); empty = don't know",
    "round": "1 for the first answers; 2, 3... after the workshop was reopened for a new round",
    "comment": "free text left by the respondent (may be empty)",
    "n": "answers with a score (don't know left out)",
    "dont_know": "answers of don't know",
    "mean": "mean score of the n answers",
    "median": "median score",
    "sd": "sample standard deviation (n - 1)",
    "ci_low": "95% bootstrap (BCa) interval of the mean, lower bound; empty below n = 2",
    "ci_high": "95% bootstrap (BCa) interval of the mean, upper bound",
    "suppressed": "true when the cell is hidden: a cohort cell under the minimum group size",
}


def codebook_rows(questionnaire: Questionnaire) -> list[list[str]]:
    """One row per exported column, then one per question (item x lens) with its wording."""
    rows = [
        [name, "column", "", COLUMN_MEANINGS[name], "", "", ""]
        for name in dict.fromkeys([*LONG_COLUMNS, *RESPONSE_COLUMNS, *AGGREGATE_NAMES])
    ]
    for question in questionnaire.questions():
        item = question.item
        wording = [
            f"{item.name[lang]}: 1 = {item.low[lang]}; 4 = {item.midpoint[lang]}; "
            f"7 = {item.high[lang]}"
            for lang in LANGUAGES
        ]
        meaning = (
            "unipolar: how reliably IT delivers"
            if item.kind == "unipolar"
            else ("semantic differential from IT manager (1) to strategist (7)")
        )
        rows.append([question.key, item.kind, question.lens, meaning, *wording])
    return rows


AGGREGATE_NAMES = ("n", "dont_know", "mean", "median", "sd", "ci_low", "ci_high", "suppressed")

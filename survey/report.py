"""A self-contained HTML report: interactive charts and the aggregates, readable offline."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.io as pio

from survey import analysis, charts
from survey.i18n import t
from survey.models import Workshop
from survey.questionnaire import Questionnaire

STYLE = """
body {font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222;}
h1 {font-size: 2rem;} h2 {margin-top: 2.5rem;} h3 {margin-top: 1.8rem;}
table {border-collapse: collapse; font-size: 0.85rem;}
td, th {border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right;}
th {background: #f2f2f2;} td:first-child, th:first-child {text-align: left;}
.note {color: #555;}
"""


def report_html(
    aggregates: pd.DataFrame,
    workshops: Mapping[str, Workshop],
    questionnaire: Questionnaire,
    *,
    filter_note: str,
    lang: str = "en",
) -> str:
    """The report for the workshops in `aggregates` (the analyst's aggregates table)."""
    title = html.escape(t("app.title", lang))
    parts = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{title}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p class='note'>{html.escape(filter_note)}</p>",
    ]
    include_js: bool | str = True  # plotly.js once, inline: the file opens offline
    items = questionnaire.cio_items
    for code, stats in aggregates.groupby("workshop_code", sort=True):
        workshop = workshops[str(code)]
        note = (
            t("present.cohort_note", lang, min=workshop.min_group_size)
            if workshop.kind == "cohort"
            else t("present.team_note", lang)
        )
        parts.append(f"<h2>{html.escape(workshop.title)} ({html.escape(str(code))})</h2>")
        parts.append(f"<p class='note'>{html.escape(note)}</p>")
        figures = [
            (
                t("results.ladder", lang),
                charts.ladder_chart(analysis.perception_ladder(stats), questionnaire, lang),
            ),
            (
                t("results.self_vs_others", lang),
                charts.self_vs_others_chart(
                    analysis.self_vs_others(stats, items), questionnaire, lang, "today"
                ),
            ),
            (
                t("results.between_roles", lang),
                charts.between_roles_chart(
                    stats, analysis.between_roles(stats, items), questionnaire, lang, "today"
                ),
            ),
            (
                t("results.expectation_gap", lang),
                charts.expectation_gap_chart(
                    analysis.expectation_gaps(stats, items), questionnaire, lang
                ),
            ),
            (
                t("results.heatmap", lang),
                charts.heatmap_chart(
                    analysis.heatmap_table(stats, items, "today"), questionnaire, lang
                ),
            ),
        ]
        for title, figure in figures:
            parts.append(f"<h3>{html.escape(title)}</h3>")
            parts.append(pio.to_html(figure, full_html=False, include_plotlyjs=include_js))
            include_js = False
        parts.append(f"<h3>{html.escape(t('analysis.aggregates', lang))}</h3>")
        table = stats.drop(columns="workshop_code").round(2)
        parts.append(table.to_html(index=False, na_rep="", escape=True))
    parts.append("</body></html>")
    return "\n".join(parts)

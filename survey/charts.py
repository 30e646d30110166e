"""Plotly figures from analysis results. Colour is never the only carrier of meaning:
every marker and bar also carries its role or value as text."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from survey.analysis import PEERS
from survey.formatting import decimal, signed
from survey.i18n import role_label, t
from survey.models import ROLES
from survey.questionnaire import LENSES, POINTS, Item, Questionnaire

# Okabe-Ito: safe for the common kinds of colour blindness.
ROLE_COLOURS = {
    "CEO": "#0072B2",
    "CFO": "#D55E00",
    "COO": "#009E73",
    "CIO": "#CC79A7",
    "OTHER": "#E69F00",
    PEERS: "#555555",
}
ROLE_SYMBOLS = {
    "CEO": "circle",
    "CFO": "square",
    "COO": "diamond",
    "CIO": "star",
    "OTHER": "triangle-up",
    PEERS: "x",
}
FONT = {"size": 16}
PROJECTOR_CHART_HEIGHT = 720


def _layout(fig: go.Figure, *, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font=FONT,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", zeroline=False)
    return fig


def _scale_axis(fig: go.Figure, title: str) -> None:
    fig.update_xaxes(range=[0.6, POINTS + 0.4], tickvals=list(range(1, POINTS + 1)), title=title)


def _connectors(
    fig: go.Figure,
    labels: Sequence[str],
    starts: Sequence[float],
    ends: Sequence[float],
    *,
    colour: str = "#999999",
    width: int = 3,
) -> None:
    """One line per row from `starts` to `ends`: the bar of a dumbbell chart."""
    for label, start, end in zip(labels, starts, ends, strict=True):
        fig.add_trace(
            go.Scatter(
                x=[start, end],
                y=[label, label],
                mode="lines",
                line={"color": colour, "width": width},
                showlegend=False,
                hoverinfo="skip",
            )
        )


def _side_notes(fig: go.Figure, x: float, labels: Sequence[str], notes: Sequence[str]) -> None:
    """A column of text at `x`, one note per row (gap sizes, spreads, changes)."""
    fig.add_trace(
        go.Scatter(
            x=[x] * len(labels),
            y=list(labels),
            mode="text",
            text=list(notes),
            textposition="middle left",
            showlegend=False,
            hoverinfo="skip",
        )
    )


def _names(items: Sequence[Item], lang: str) -> dict[str, str]:
    return {item.id: item.name[lang] for item in items}


def ladder_chart(ladder: pd.DataFrame, questionnaire: Questionnaire, lang: str) -> go.Figure:
    """Each role's mean on the overall item, on one 1-7 line per lens."""
    overall = questionnaire.item("overall")
    fig = go.Figure()
    lens_names = {lens: t(f"lens.{lens}", lang) for lens in LENSES}
    # Alternate labels above and below the line, in order of position, so close roles stay legible.
    rank = ladder.groupby("lens")["mean"].rank(method="first").astype(int)
    above = (rank % 2 == 1).to_dict()
    for role in ROLES:
        rows = ladder[ladder["role"] == role]
        if rows.empty:
            continue
        name = role_label(role, lang, short=True)
        fig.add_trace(
            go.Scatter(
                x=rows["mean"],
                y=rows["lens"].map(lens_names),
                mode="markers+text",
                name=name,
                text=[f"{name} {decimal(m, lang)}" for m in rows["mean"]],
                textposition=["top center" if above[i] else "bottom center" for i in rows.index],
                textfont={"size": 15, "color": ROLE_COLOURS[role]},
                marker={
                    "size": 22,
                    "color": ROLE_COLOURS[role],
                    "symbol": ROLE_SYMBOLS[role],
                    "line": {"width": 1, "color": "white"},
                },
                hovertemplate="%{text}<extra></extra>",
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[lens_names[ln] for ln in LENSES][::-1],
        range=[-0.7, len(LENSES) - 0.3],  # room for the labels above and below each line
    )
    _scale_axis(fig, t("chart.position", lang, low=overall.low[lang], high=overall.high[lang]))
    return _layout(fig, height=360)


def self_vs_others_chart(
    gaps: pd.DataFrame, questionnaire: Questionnaire, lang: str, lens: str
) -> go.Figure:
    """Dumbbell per item: the CIO's self-rating against the pooled peers, largest gap on top."""
    rows = gaps[gaps["lens"] == lens].copy()
    rows["abs_gap"] = rows["gap"].abs()
    rows = rows.sort_values("abs_gap")
    names = _names(questionnaire.cio_items, lang)
    labels = [names[i] for i in rows["item_id"]]
    fig = go.Figure()
    _connectors(fig, labels, rows["self"], rows["peers"])
    for role, column in ((PEERS, "peers"), ("CIO", "self")):
        fig.add_trace(
            go.Scatter(
                x=rows[column],
                y=labels,
                mode="markers",
                name=role_label(role, lang, short=True),
                marker={"size": 16, "color": ROLE_COLOURS[role], "symbol": ROLE_SYMBOLS[role]},
                hovertemplate="%{y}: %{x:.2f}<extra>"
                + role_label(role, lang, short=True)
                + "</extra>",
            )
        )
    notes = [
        f"{signed(row.gap, lang)} {t('chart.' + row.direction.replace(' ', '_'), lang)}"
        if row.flagged
        else signed(row.gap, lang)
        for row in rows.itertuples()
    ]
    _side_notes(fig, POINTS + 0.35, labels, notes)
    _scale_axis(fig, t("chart.mean", lang))
    fig.update_xaxes(range=[0.6, POINTS + 2.4])
    return _layout(fig, height=120 + 40 * len(rows))


def between_roles_chart(
    stats: pd.DataFrame, spread: pd.DataFrame, questionnaire: Questionnaire, lang: str, lens: str
) -> go.Figure:
    """Each role's mean per item on one line; the bar between the extremes is the spread."""
    names = _names(questionnaire.cio_items, lang)
    rows = spread[spread["lens"] == lens]
    labels = [names[i] for i in rows["item_id"]]
    fig = go.Figure()
    _connectors(fig, labels, rows["lowest"], rows["highest"], colour="#bbbbbb", width=8)
    cells = stats[(stats["lens"] == lens) & stats["item_id"].isin(rows["item_id"])]
    for role in ROLES:
        own = cells[(cells["role"] == role) & cells["mean"].notna()]
        if own.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=own["mean"],
                y=own["item_id"].map(names),
                mode="markers",
                name=role_label(role, lang, short=True),
                marker={"size": 15, "color": ROLE_COLOURS[role], "symbol": ROLE_SYMBOLS[role]},
                hovertemplate="%{y}: %{x:.2f}<extra>"
                + role_label(role, lang, short=True)
                + "</extra>",
            )
        )
    spreads = [t("chart.spread", lang, spread=decimal(s, lang)) for s in rows["spread"]]
    _side_notes(fig, POINTS + 0.35, labels, spreads)
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    _scale_axis(fig, t("chart.mean", lang))
    fig.update_xaxes(range=[0.6, POINTS + 2.2])
    return _layout(fig, height=120 + 40 * len(rows))


def expectation_gap_chart(gaps: pd.DataFrame, questionnaire: Questionnaire, lang: str) -> go.Figure:
    """Diverging bars centred on zero: expected minus today, per item and role."""
    names = _names(questionnaire.cio_items, lang)
    items = [i for i in names if i in set(gaps["item_id"])]
    fig = go.Figure()
    for role in (*ROLES, PEERS):
        rows = gaps[gaps["role"] == role]
        if rows.empty or role == PEERS:
            continue
        fig.add_trace(
            go.Bar(
                x=rows["gap"],
                y=rows["item_id"].map(names),
                orientation="h",
                name=role_label(role, lang, short=True),
                marker_color=ROLE_COLOURS[role],
                text=[signed(g, lang) for g in rows["gap"]],
                textposition="outside",
                hovertemplate="%{y}: %{x:+.2f}<extra>"
                + role_label(role, lang, short=True)
                + "</extra>",
            )
        )
    reach = max(3.0, float(gaps["gap"].abs().max() if not gaps.empty else 0) + 1.0)
    fig.update_yaxes(categoryorder="array", categoryarray=[names[i] for i in items][::-1])
    fig.update_xaxes(
        title=t("chart.gap_expected", lang),
        zeroline=True,
        zerolinewidth=2,
        zerolinecolor="#333333",
        range=[-reach, reach],
    )
    fig.update_layout(barmode="group", bargap=0.25)
    n_roles = max(1, gaps["role"].nunique() - (1 if PEERS in set(gaps["role"]) else 0))
    return _layout(fig, height=140 + len(items) * (16 * n_roles + 14))


def heatmap_chart(table: pd.DataFrame, questionnaire: Questionnaire, lang: str) -> go.Figure:
    """Items x roles, each cell the mean with its value written in it."""
    names = _names(questionnaire.items, lang)
    text = [[("–" if pd.isna(v) else decimal(v, lang)) for v in row] for row in table.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy(dtype=float),
            x=[
                role_label(r, lang, short=True) if r != PEERS else role_label(r, lang)
                for r in table.columns
            ],
            y=[names[i] for i in table.index],
            zmin=1,
            zmax=POINTS,
            zmid=(1 + POINTS) / 2,
            colorscale="PuOr",
            text=text,
            texttemplate="%{text}",
            textfont={"size": 16},
            colorbar={"title": {"text": "1–7"}},
            hovertemplate="%{y} · %{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", showgrid=False)
    fig = _layout(fig, height=140 + 38 * len(table.index))
    fig.update_layout(plot_bgcolor="#d0d0d0")  # cells without a score show grey, not mid-scale
    return fig


def answers_chart(
    answers: pd.DataFrame, questionnaire: Questionnaire, lang: str, lens: str
) -> go.Figure:
    """Every individual answer as a point (small groups: a mean hides disagreement)."""
    names = _names(questionnaire.cio_items, lang)
    rows = answers[
        (answers["lens"] == lens) & answers["item_id"].isin(names) & answers["score"].notna()
    ]
    order = list(names)
    fig = go.Figure()
    roles = [r for r in ROLES if r in set(rows["role"])]
    for offset, role in enumerate(roles):
        own = rows[rows["role"] == role]
        shift = (offset - (len(roles) - 1) / 2) * 0.12
        fig.add_trace(
            go.Scatter(
                x=own["score"].astype(float) + shift,
                y=own["item_id"].map(names),
                mode="markers",
                name=role_label(role, lang, short=True),
                marker={
                    "size": 11,
                    "color": ROLE_COLOURS[role],
                    "symbol": ROLE_SYMBOLS[role],
                    "opacity": 0.85,
                },
                customdata=own["score"],
                hovertemplate="%{y}: %{customdata}<extra>"
                + role_label(role, lang, short=True)
                + "</extra>",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=[names[i] for i in order][::-1])
    _scale_axis(fig, t("chart.score", lang))
    return _layout(fig, height=140 + 36 * len(order))


def predictions_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Per peer role: the CIO's predicted position against the role's actual mean."""
    fig = go.Figure()
    labels = [role_label(role, lang, short=True) for role in frame["role"]]
    _connectors(fig, labels, frame["predicted"], frame["actual"])
    fig.add_trace(
        go.Scatter(
            x=frame["predicted"],
            y=labels,
            mode="markers+text",
            name=t("chart.predicted", lang),
            text=[decimal(v, lang) for v in frame["predicted"]],
            textposition="top center",
            marker={
                "size": 20,
                "color": ROLE_COLOURS["CIO"],
                "symbol": "star-open",
                "line": {"width": 3},
            },
        )
    )
    fig.add_trace(
        go.Scatter(
            x=frame["actual"],
            y=labels,
            mode="markers+text",
            name=t("chart.actual", lang),
            text=[decimal(v, lang) for v in frame["actual"]],
            textposition="bottom center",
            marker={"size": 20, "color": "#333333", "symbol": "circle"},
        )
    )
    fig.update_yaxes(range=[-0.7, len(frame) - 0.3])
    _scale_axis(fig, t("chart.mean", lang))
    return _layout(fig, height=160 + 110 * len(frame))


def convergence_chart(
    frame: pd.DataFrame, questionnaire: Questionnaire, lang: str, round_number: int
) -> go.Figure:
    """Between-role spread per item, round 1 against the latest round."""
    names = _names(questionnaire.cio_items, lang)
    labels = [names[i] for i in frame["item_id"]]
    fig = go.Figure()
    _connectors(fig, labels, frame["before"], frame["after"])
    fig.add_trace(
        go.Scatter(
            x=frame["before"],
            y=labels,
            mode="markers",
            name=t("chart.before", lang),
            marker={"size": 16, "color": "#D55E00", "symbol": "circle-open", "line": {"width": 3}},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=frame["after"],
            y=labels,
            mode="markers",
            name=t("chart.after", lang, round=round_number),
            marker={"size": 16, "color": "#0072B2", "symbol": "circle"},
        )
    )
    _side_notes(fig, POINTS - 0.2, labels, [signed(c, lang) for c in frame["change"]])
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_xaxes(title=t("chart.spread_axis", lang), range=[-0.2, POINTS - 0.1])
    return _layout(fig, height=140 + 40 * len(frame))


def for_projector(fig: go.Figure) -> go.Figure:
    """Bigger type and markers, readable from the back of a room at 1920x1080."""
    fig.update_layout(font={"size": 24}, legend={"font": {"size": 24}})
    fig.update_xaxes(tickfont_size=22, title_font_size=22)
    fig.update_yaxes(tickfont_size=22, title_font_size=22)
    fig.update_traces(textfont_size=24, selector={"mode": "text"})
    fig.update_traces(textfont_size=22, selector={"mode": "markers+text"})
    fig.update_traces(marker_size=30, selector={"mode": "markers+text"})
    # One screen at 1920x1080 holds the header, the counts and a chart of this height.
    fig.update_layout(height=min(int((fig.layout.height or 400) * 1.45), PROJECTOR_CHART_HEIGHT))
    return fig

"""Which language a visitor reads: `?lang=` in the link, their own choice, else a default.

An unknown `?lang=` is ignored (the default applies), never an error page. The choice is kept
in the link, so a reload or a shared link stays in the same language.
"""

from __future__ import annotations

import streamlit as st

from survey.questionnaire import LANGUAGES

KEY = "language"
NAMES = {"en": "English", "fr": "Français", "nl": "Nederlands"}


def _from_link() -> str | None:
    asked = st.query_params.get("lang", "").strip().lower()
    return asked if asked in LANGUAGES else None


def current_language(default: str = "en") -> str:
    """The language chosen with the switch, else `?lang=`, else `default`."""
    chosen = st.session_state.get(KEY)
    if chosen in LANGUAGES:
        return str(chosen)
    return _from_link() or (default if default in LANGUAGES else "en")


def _remember(keep: tuple[str, ...]) -> None:
    chosen = st.session_state.get(KEY)
    if chosen in LANGUAGES:
        st.query_params["lang"] = chosen
    # The browser names a choice by its label, and a switch translates the labels; so the
    # values of choices worth keeping are pinned server-side, to be shown in the new words.
    for name in list(st.session_state):
        if name.startswith(keep) and st.session_state[name] is not None:
            st.session_state[name] = st.session_state[name]


def language_switch(
    default: str = "en", *, where: object = None, keep: tuple[str, ...] = ()
) -> str:
    """A visible EN / FR / NL switch; returns the language to use for this run. The values of
    the widgets whose keys start with one of `keep` survive a switch."""
    lang = current_language(default)
    if KEY not in st.session_state:
        st.session_state[KEY] = lang
    container = where if where is not None else st
    container.segmented_control(  # type: ignore[attr-defined]
        "Language · Langue · Taal",
        options=list(LANGUAGES),
        format_func=lambda code: NAMES[code],
        key=KEY,
        on_change=_remember,
        args=(keep,),
        label_visibility="collapsed",
        required=True,
    )
    return current_language(default)

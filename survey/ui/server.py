"""The server process: what happens once at start, before the first visitor."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from streamlit.runtime.pages_manager import PagesManager

from survey.auth import find_secret, generate_secret_file
from survey.config import Settings
from survey.store import create_schema, make_engine
from survey.ui.resources import read_secrets


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    # The app declares its pages with st.navigation. Streamlit would otherwise treat the
    # `pages/` folder as an old-style page directory until the first session reaches the
    # entry script, so a first visitor arriving straight at /results would miss it.
    PagesManager.uses_pages_directory = False
    settings = Settings.from_env()
    # Create the database and its schema before the first visitor.
    engine = make_engine(settings.database_url)
    create_schema(engine)
    engine.dispose()
    announce_facilitator_password(settings)
    yield


def announce_facilitator_password(settings: Settings) -> None:
    """With no password configured, create a random one, print it once, and keep it."""
    if find_secret(settings, read_secrets()).configured:
        return
    try:
        password = generate_secret_file(settings.admin_password_file)
    except OSError as problem:
        print(f"No facilitator password: set SURVEY_ADMIN_PASSWORD ({problem})", file=sys.stderr)
        return
    if password:
        print(
            "\n  Facilitator password (shown this once, kept in "
            f"{settings.admin_password_file}):\n\n      {password}\n\n"
            "  Set SURVEY_ADMIN_PASSWORD to choose your own.\n",
            flush=True,
        )

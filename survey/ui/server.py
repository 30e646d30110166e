"""The server process: what happens once at start, before the first visitor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from streamlit.runtime.pages_manager import PagesManager

from survey.config import Settings
from survey.store import create_schema, make_engine


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    # The app declares its pages with st.navigation. Streamlit would otherwise treat the
    # `pages/` folder as an old-style page directory until the first session reaches the
    # entry script, so a first visitor arriving straight at /results would miss it.
    PagesManager.uses_pages_directory = False
    # Create the database and its schema before the first visitor.
    engine = make_engine(Settings.from_env().database_url)
    create_schema(engine)
    engine.dispose()
    yield

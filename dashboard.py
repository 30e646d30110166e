"""Entry point: `streamlit run dashboard.py`.

Streamlit imports this file once to find `app` (the server, with its start-up hook and the
download URLs), then runs it as a script for every visitor: page configuration and navigation.
"""

import streamlit as st

if __name__ == "__main__":
    from survey.ui.navigation import run_pages

    run_pages()
else:
    from survey.api import routes
    from survey.ui.server import lifespan

    app = st.App("dashboard.py", lifespan=lifespan, routes=routes())

"""Streamlit glue shared by the pages: cached resources, the survey form, result views."""

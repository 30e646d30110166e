"""The C-suite alignment survey: how differently executives see their CIO.

The core of this package (everything but `survey.ui`) has no Streamlit import, so it can be used
from the command line, tests and benchmarks alike.
"""

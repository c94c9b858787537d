"""PressLens: read the world's press across languages.

The pipeline (this package) turns raw articles into a processed store; the
Streamlit dashboard (``app.py``) reads that store. This package never imports
Streamlit.
"""

__version__ = "0.1.0"

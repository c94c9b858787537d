"""Render-only Streamlit pieces shared by the pages (filters, page setup, charts)."""

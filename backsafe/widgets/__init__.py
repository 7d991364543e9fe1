"""Thin ipywidgets shells over the models and figures."""

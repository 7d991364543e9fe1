"""Delivering the course outside JupyterLab: static site, slides and app mode."""

"""Figures: matplotlib drawings of model results, each with a text description."""

"""Ways to deliver the course beyond a learner's own JupyterLab."""

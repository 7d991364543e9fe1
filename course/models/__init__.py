"""Pure models: no widgets, no plotting, no I/O."""

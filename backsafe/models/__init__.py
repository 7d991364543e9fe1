"""Pure models: no widgets, no plotting, no I/O."""


class InputError(ValueError):
    """A model was given a value it cannot use; str(exc) is one plain sentence."""

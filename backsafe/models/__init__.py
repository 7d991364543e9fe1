"""Pure models: no widgets, no plotting, no I/O."""

# The spaced review's steps in days (models/review.py schedules with them); kept
# here so a lesson header can count the reviews due without loading the scheduler.
INTERVALS_DAYS: tuple[int, ...] = (1, 3, 7, 14, 30)


class InputError(ValueError):
    """A model was given a value it cannot use; str(exc) is one plain sentence."""


def short_repr(value, limit: int = 40) -> str:
    """repr() cut to `limit` characters, for echoing a bad value in a sentence (a
    pasted megabyte or a 5,000-digit number is never echoed whole)."""
    try:
        text = repr(value)
    except ValueError:                  # an int too long to turn into text
        text = f"a {type(value).__name__} too long to show"
    return text if len(text) <= limit else text[:limit - 1] + "…"

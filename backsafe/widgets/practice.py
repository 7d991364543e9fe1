"""The practice checker: the learner's own answers, judged right, close or not quite."""
from __future__ import annotations

import html

from IPython.display import HTML

from ..content.practice import lesson_practice
from ..models.practice import EXPECTED, judge

_SAYS = {"right": "right", "close": "close, check your working and rounding",
         "not quite": "not quite, try again", "missing": "no answer yet",
         "not a number": "that is not a number; type digits, such as 4.6, without quotes"}


def practice_check(lesson: str, **answers) -> HTML:
    """Check a lesson's practice answers (keyword names are the answer ids with '_'
    for '-'); never shows the right values, only a verdict and a hint."""
    items = lesson_practice(lesson)
    known = {a.id.replace("-", "_") for a in items}
    unknown = sorted(set(answers) - known)
    if unknown:
        from ..content.loader import UnknownName

        raise UnknownName(f"The practice check of '{lesson}' has no answer called "
                          f"{unknown[0]}; it asks for {', '.join(sorted(known))}.")
    expected = EXPECTED[lesson]()
    rows = []
    for item in items:
        mine = answers.get(item.id.replace("-", "_"))
        outcome = judge(mine, expected.get(item.id, 0.0), tolerance=item.tolerance,
                        close=item.close, choice=item.choice)
        text = _SAYS[outcome]
        hint = ("" if outcome in ("right", "missing", "not a number")
                else f" Hint: {html.escape(item.hint)}")
        rows.append(f'<li class="bsld-practice-{outcome.replace(" ", "-")}" '
                    f'data-outcome="{outcome}"><strong>{html.escape(item.label)}</strong>: '
                    f"{text}.{hint}</li>")
    return HTML('<section class="bsld-practice-check" aria-label="Practice check">'
                f"<ul>{''.join(rows)}</ul></section>")

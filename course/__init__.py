"""Old name of the course package, kept for one release: use ``backsafe``.

A notebook saved with ``from course import ...`` keeps working; new code
imports ``backsafe`` (a learner's own ``course.py`` can hide this module).
"""


def __getattr__(name):
    import backsafe

    return getattr(backsafe, name)


def __dir__():
    import backsafe

    return dir(backsafe)

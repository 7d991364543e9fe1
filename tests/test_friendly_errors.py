"""In a notebook, the course's own errors show as a plain sentence, not a traceback."""
import pytest
from IPython.core.interactiveshell import InteractiveShell

from backsafe.content.loader import ContentError
from backsafe.friendly_errors import friendly_message
from backsafe.models import InputError
from backsafe.store import StoreUnavailable


@pytest.fixture
def shell():
    import backsafe

    # A name another test already looked up is cached in the module and would
    # not reach the lazy __getattr__ that installs the handler (as in a fresh kernel).
    for name in backsafe._EXPORTS:
        vars(backsafe).pop(name, None)
    shell = InteractiveShell.instance()
    yield shell
    shell.set_custom_exc((), None)
    shell._bsld_friendly_errors = False
    InteractiveShell.clear_instance()


def test_model_input_error_in_a_cell_is_one_plain_message(shell, capsys):
    result = shell.run_cell("from backsafe import lumbar_load\nlumbar_load(-80, 100, 30)")
    out = capsys.readouterr().out
    assert isinstance(result.error_in_exec, InputError)   # the cell still fails
    assert "Traceback" not in out and "File " not in out
    assert "Body mass must be more than 0 kg" in out
    assert "Change the value and run the cell again." in out


def test_other_errors_keep_their_traceback(shell, capsys):
    shell.run_cell("import backsafe\nbacksafe.lessons\n1 / 0")
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_messages():
    err = ContentError("quizzes/x.yaml", "this field is required", "q1", "prompt")
    text = friendly_message(err)
    assert text.startswith("A course content file is damaged (quizzes/x.yaml, item 'q1', "
                           "field 'prompt': this field is required).")
    assert "make lab" in text
    assert friendly_message(StoreUnavailable("Progress is not being saved: x.")) == \
        "Progress is not being saved: x."

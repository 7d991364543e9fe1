"""Answer cues (issue 21): the lint's figures on made-up items, and the limits on
every set of questions the course asks (lesson banks, pre/post forms, final)."""
import pytest

from backsafe.content import item_cues
from backsafe.content.item_cues import MAX_OVER_CHANCE, course_sets, cue_report, cue_table
from backsafe.content.quizzes import parse_question

from .assessment_fixtures import single, true_false


def q(item):
    return parse_question(item, "test.yaml")


def with_texts(qid, texts, right=0):
    item = single(qid, right)
    for option, text in zip(item["options"], texts):
        option["text"] = text
    return q(item)


LONG_KEY = ["The right answer, with its own because-clause", "Short wrong", "Wrong too"]


def test_a_bank_whose_key_is_always_longest_fails_and_says_how_to_fix_it():
    report = cue_report("bank", [with_texts(f"q{n}", LONG_KEY) for n in range(5)])
    assert report.longest_correct == 1.0
    longest = report.strategies[0]
    assert (longest.name, longest.score) == ("longest option", 1.0)
    assert longest.chance == pytest.approx(1 / 3)
    problems = " ".join(report.problems())
    assert "100% of single-choice items" in problems and "feedback" in problems
    assert "'longest option' scores 100%" in problems


def test_equal_length_options_split_the_longest_strategy_evenly():
    report = cue_report("bank", [q(single(f"q{n}", n % 3)) for n in range(6)])
    assert report.longest_correct == 0.0                 # no option is strictly longest
    assert report.strategies[0].score == pytest.approx(1 / 3)
    assert report.problems() == []


@pytest.mark.parametrize("trues, ok", [(0, False), (1, False), (2, True), (4, True),
                                       (5, False)])
def test_the_true_share_of_true_false_items_must_be_30_to_70_percent(trues, ok):
    items = [q(true_false(f"t{n}", n < trues)) for n in range(6)]
    report = cue_report("bank", items)
    assert report.true_share == trues / 6
    assert (not any("true/false items are True" in p for p in report.problems())) is ok
    assert report.strategies[1].score == (6 - trues) / 6          # "answer False"


def test_too_few_items_are_shown_but_not_judged():
    report = cue_report("bank", [q(true_false("t1", False)), with_texts("s", LONG_KEY)])
    assert report.problems() == []
    assert "?" in cue_table([report])


def test_two_true_false_items_must_split_one_true_one_false():
    both_false = cue_report("bank", [q(true_false(f"t{n}", False)) for n in range(2)])
    assert any("0% of true/false items are True" in p for p in both_false.problems())
    split = cue_report("bank", [q(true_false("t1", False)), q(true_false("t2", True))])
    assert split.problems() == []


def test_options_starting_none_or_all_are_named():
    item = with_texts("chain", ["None of these is shown", "Tilt causes it", "Pain causes it"])
    assert cue_report("b", [item]).none_or_all == ("chain: None of these is shown",)
    fine = with_texts("ok", ["Nonetheless true", "Allowed to vary", "Tall lifters"])
    assert cue_report("b", [fine]).none_or_all == ()


def test_numeric_options_must_be_in_ascending_order():
    assert cue_report("b", [with_texts("n", ["30 %", "10 %", "20 %"])]).unordered_numbers \
        == ("n",)
    assert cue_report("b", [with_texts("n", ["10 %", "20 %", "30 %"])]).problems() == []


def test_avoiding_absolute_words_wins_when_only_wrong_options_use_them():
    texts = ["It may help some lifters", "It always prevents injury", "It never matters"]
    report = cue_report("b", [with_texts(f"q{n}", texts) for n in range(4)])
    avoid = report.strategies[2]
    assert avoid.score == 1.0 and avoid.over_chance > MAX_OVER_CHANCE
    assert any("avoid absolute words" in p for p in report.problems())


# -- the course's own questions -----------------------------------------------------

SETS = course_sets()


@pytest.mark.parametrize("name, questions", SETS, ids=[name for name, _ in SETS])
def test_every_question_set_gives_nothing_away(name, questions):
    report = cue_report(name, questions)
    problems = report.problems()
    assert not problems, cue_table([report]) + "\n" + "\n".join(problems)


def test_the_pre_test_cannot_be_passed_by_test_wisdom():
    """The gain means something only if a learner who knows nothing, but picks the
    longest option, answers False and avoids absolute words, scores near chance."""
    forms = {name: qs for name, qs in SETS if name.startswith("pre/post form")}
    assert set(forms) == {"pre/post form A", "pre/post form B"}
    for name, questions in forms.items():
        report = cue_report(name, questions)
        for strategy in report.strategies:
            if strategy.items:
                assert strategy.over_chance <= MAX_OVER_CHANCE, (name, strategy)


def test_the_command_prints_one_row_per_set(capsys):
    code = item_cues.main()
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("set")
    for name, _ in SETS:
        assert f"\n{name} " in out
    assert code == (1 if "PROBLEM" in out else 0)

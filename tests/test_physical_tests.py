"""Running the physical tests safely: the content file, its validation and its text."""
import copy
import re

import pytest
import yaml

from backsafe.content.loader import UnknownName
from backsafe.content.physical_tests import (FILE, TOPICS, parse_physical_tests,
                                             physical_tests, safety_html)

from .helpers import content_error, ROOT

RAW = yaml.safe_load((ROOT / "backsafe" / "content" / FILE).read_text(encoding="utf-8"))


def test_every_topic_is_covered_and_the_stop_signs_name_pain_cramp_and_dizziness():
    content = physical_tests()
    assert [t for t, _ in content.rules] == list(TOPICS)
    stops = " ".join(content.stop_signs).lower()
    assert "pain" in stops and "cramp" in stops and "dizz" in stops
    privacy = dict(content.rules)["privacy"].lower()
    assert "own machine" in privacy and "never collects" in privacy
    assert "without giving a reason" in dict(content.rules)["opt-out"]


def test_the_extensor_hold_is_never_alone_with_legs_secured_and_thomas_has_a_partner():
    content = physical_tests()
    extensor = " ".join(content.test("back-extensor-hold").never).lower()
    assert "never done alone" in extensor and "legs secured" in extensor
    assert content.test("back-extensor-hold").lesson == "core"
    thomas = content.test("thomas-test")
    assert thomas.lesson == "hip-flexors" and "alone" in " ".join(thomas.never).lower()
    assert thomas.partner


def test_the_html_for_a_lesson_holds_the_shared_rules_and_only_its_tests():
    page = safety_html(["thomas-test"])
    assert 'id="test-thomas-test"' in page and "test-back-extensor-hold" not in page
    for _, text in physical_tests().rules:
        assert text.replace("'", "&#x27;") in page
    assert "Peeler" in page                                  # the protocol's source
    everything = safety_html()
    assert len(re.findall(r'class="bsld-physical-test"', everything)) == len(
        physical_tests().tests)
    with pytest.raises(UnknownName, match="no physical test called 'plank'"):
        safety_html(["plank"])


def test_the_lesson_function_is_exported_for_lessons_03_and_04():
    import backsafe

    widget = backsafe.physical_test_safety("back-extensor-hold")
    assert "Never done alone" in widget.data and "Stop signs" in widget.data


def bad(change):
    return content_error(parse_physical_tests, RAW, change)


def _test(data, tid):
    return next(t for t in data["tests"] if t["id"] == tid)


@pytest.mark.parametrize("change, item, field, message", [
    (lambda d: d["rules"].pop(), None, "rules", "must cover privacy"),
    (lambda d: d["rules"].append(copy.deepcopy(d["rules"][0])), "rules[7]", "topic", "twice"),
    (lambda d: d["rules"][0].update(topic="snacks"), "rules[1]", "topic", "unknown topic"),
    (lambda d: d.update(stop_signs=["Pain.", "Cramp."]), None, "stop_signs", "dizz"),
    (lambda d: d.update(stop_signs=[]), None, "stop_signs", "at least one"),
    (lambda d: _test(d, "back-extensor-hold").update(never=["Never jerk."]),
     "back-extensor-hold", "never", "'alone'"),
    (lambda d: _test(d, "back-extensor-hold").update(never=["Never done alone."]),
     "back-extensor-hold", "never", "'legs secured'"),
    (lambda d: _test(d, "thomas-test").update(never=["Never pull hard."]),
     "thomas-test", "never", "'alone'"),
    (lambda d: d["tests"].pop(), None, "tests", "'thomas-test' must be described"),
    (lambda d: _test(d, "side-bridge").update(lesson="gym"), "side-bridge", "lesson",
     "no lesson"),
    (lambda d: _test(d, "side-bridge").update(sources=["nobody2020"]), "side-bridge",
     "sources", "unknown reference"),
    (lambda d: _test(d, "side-bridge").pop("partner"), "side-bridge", "partner", "required"),
])
def test_bad_files_name_file_item_and_field(change, item, field, message):
    err = bad(change)
    assert (err.file, err.item, err.field) == (FILE, item, field)
    assert message in str(err)

"""Made with the code on main before issue 21 (commit fbe5b69): a real result file."""
from datetime import datetime, timezone
from pathlib import Path
from backsafe.store import ProgressStore
from backsafe.sharing import build_result, write_result
from backsafe.content.quizzes import load_bank
from backsafe.content.pre_post import pre_post_questions
from backsafe.models.grading import grade

def answer(q, right):
    if q.type == "numeric":
        return str(q.answer if right else q.answer * 3 + 10)
    if q.type == "multiple":
        return [o.id for o in q.options if o.correct == right] or [q.options[0].id]
    return next(o.id for o in q.options if o.correct == right)

s = ProgressStore(Path("tests/data/progress-v2-old-pre-test.sqlite3"))
def take(lesson, pairs, kind, pattern):
    grades, resp = [], {}
    for n, (key, q) in enumerate(pairs):
        r = answer(q, pattern(n))
        resp[key] = r
        gr = grade(q, r)
        gr = type("G", (), dict(question_id=key, correct=gr.correct, answered=True, score=gr.score))
        grades.append(gr)
    s.record_quiz(lesson, grades, resp, kind=kind, complete=kind == "quiz")
pp = pre_post_questions()
take("start-here", pp, "pre", lambda n: n % 3 == 0)
for slug in ("anatomy", "causes-and-form", "core"):
    bank = load_bank(slug)
    take(slug, [(q.id, q) for q in bank.questions], "quiz", lambda n: n % 2 == 0)
take("your-plan", [(f"anatomy/{q.id}", q) for q in load_bank("anatomy").questions[:3]],
     "review", lambda n: True)
take("your-plan", [(f"core/{q.id}", q) for q in load_bank("core").questions[:4]], "final",
     lambda n: n != 1)
take("your-plan", pp, "post", lambda n: n != 2)
res = build_result(s, "Old Olga", learner="0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld01",
                   now=datetime(2026, 12, 4, 15, 30, tzinfo=timezone.utc))
write_result(res, Path("tests/data/old-olga-before-issue21.bsld-result.json"))
print(len(res["responses"]))

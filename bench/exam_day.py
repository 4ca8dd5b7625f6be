"""Exam day: a whole class sits a timed quiz at once, against the real server.

    .venv/bin/python bench/exam_day.py --config postgres     # 200 students, gunicorn 4 workers
    .venv/bin/python bench/exam_day.py --config postgres-2   # two gunicorns, one database
    .venv/bin/python bench/exam_day.py --config sqlite       # 50 students on a SQLite file
    .venv/bin/python bench/exam_day.py --config sqlite --students 20 --think 0.5 --ramp 5  # a try

Every simulated student is a thread with its own connection and cookies. It
arrives within the first `--ramp` seconds (signing up or logging in hashes a
password, a few tenths of a second of CPU each, so a class arriving within the
same second mostly measures that queue), signs up (or, for the `--returning`
share whose accounts the teacher made beforehand, logs in), opens the quiz and
starts it, answers every question with a think time before each request
(`--think` seconds, ±30%), submits, and opens the result page (a GET of its
own, so the result is measured whether the submit redirected or, with htmx,
answered with the page in place). A `--double-click` share clicks 시작 and 제출
two or three times at once. Browsers run htmx (one round trip per answer when
the site offers it); `--no-js` makes every student a browser without JavaScript
(a POST and a redirected GET per answer).

The quiz (`--quiz`, default the 10-question `quick-quiz`) is set to 응시 가능 횟수
1 and a time limit first. After the run the database is checked: every answer
the site acknowledged is stored as it was sent, every student has exactly one
attempt, and every attempt is submitted and graded exactly once (score and
submission time set, the review schedule counting each answer once). The table
gives errors (5xx and dropped connections), lost answers, extra attempts and
p50/p95 latency per step; `--markdown` prints it for the README. The exit
status is 1 when any check fails.

Configurations: `postgres` is one gunicorn with 4 workers on PostgreSQL,
`postgres-2` two of them on two ports sharing the database (students split
round-robin), `sqlite` one gunicorn with 4 workers on a fresh SQLite file. Each
run gets a new database: on the PostgreSQL server that DATABASE_URL names (the
script runs itself under `.ci/with-postgres`, a throwaway cluster, when
DATABASE_URL names none), or a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import re
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    PASSWORD,
    Student,
    StudentStuck,
    accounts_create,
    is_postgres,
    lost_answers,
    prepare_database,
    quiz_update,
    scratch_database,
    serve,
    student_records,
)

CONFIGS = {  # servers, workers each, database, default students
    "postgres": (1, 4, "postgres", 200),
    "postgres-2": (2, 4, "postgres", 200),
    "sqlite": (1, 4, "sqlite", 50),
}
STEPS = [  # the table's order and labels; other steps follow
    ("signup", "signup"),
    ("login", "login"),
    ("start", "start"),
    ("question", "question page"),
    ("answer", "answer save"),
    ("summary", "summary page"),
    ("submit", "submit"),
    ("result", "result"),
    ("quiz", "quiz page"),
    ("page", "quiz list"),
]


@dataclass
class Plan:
    """What one student will do."""

    username: str
    server: int
    arrive_after: float
    returning: bool
    clicks: int  # 시작 and 제출 clicks sent at once
    htmx: bool


@dataclass
class Sitting:
    """A student's exam as it went."""

    student: Student
    plan: Plan
    finished: bool = False  # reached the result page
    stuck: str = ""  # why the student could not go on


def main() -> int:
    args = parse_args()
    servers, workers, backend, default_students = CONFIGS[args.config]
    students = args.students or default_students
    server_url = os.environ.get("DATABASE_URL")
    if backend == "postgres" and not is_postgres(server_url):
        # No server named: run again inside a throwaway cluster.
        script = str(ROOT / ".ci" / "with-postgres")
        os.execv(script, [script, sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]])

    rng = random.Random(args.seed)
    plans = make_plans(args, students, servers, rng)
    with scratch_database(server_url if backend == "postgres" else None) as url:
        prepare_database(url)
        quiz_update(url, args.quiz, attempts_allowed=1, time_limit_minutes=args.time_limit)
        accounts_create(url, [p.username for p in plans if p.returning])
        with contextlib.ExitStack() as stack:
            running = [stack.enter_context(serve(url, workers=workers)) for _ in range(servers)]
            started = time.monotonic()
            class_ = run(plans, [s.url for s in running], args, rng)
            took = time.monotonic() - started
            # The same failure on other attempts or students is counted as one.
            logged = [t for server in running for t in server.tracebacks()]
            tracebacks = Counter(re.sub(r"/\d+/", "/N/", t) for t in logged)
        records = student_records(url, args.quiz, [p.username for p in plans])
        lost = lost_answers(url, [save for s in class_ for save in s.student.saves])

    setup = (
        f"{args.config}: {students} students, think {args.think:g} s, "
        f"{servers} × gunicorn {workers} workers, {'no JavaScript' if args.no_js else 'htmx'}, "
        f"{took:.0f} s"
    )
    failures = report(setup, class_, records, lost, args.markdown)
    if tracebacks:
        print("\nServer tracebacks (key lines, × times seen):")
        for text, times in tracebacks.most_common():
            print(f"× {times}\n{text}\n")
    return 1 if failures else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", choices=CONFIGS, default="postgres")
    parser.add_argument("--students", type=int, help="default: 200, or 50 on sqlite")
    parser.add_argument("--think", type=float, default=3.0, help="seconds before each click")
    parser.add_argument("--ramp", type=float, default=60.0, help="arrivals spread (seconds)")
    parser.add_argument("--quiz", default="quick-quiz")
    parser.add_argument("--time-limit", type=int, default=60, help="minutes")
    parser.add_argument("--double-click", type=float, default=0.05, help="share of students")
    parser.add_argument("--returning", type=float, default=0.2, help="share who log in")
    parser.add_argument("--no-js", action="store_true", help="browsers without JavaScript")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    return parser.parse_args()


def make_plans(args, students: int, servers: int, rng: random.Random) -> list[Plan]:
    run_id = f"{rng.randrange(16**4):04x}"
    return [
        Plan(
            username=f"exam{run_id}-{i:03d}",
            server=i % servers,
            arrive_after=rng.uniform(0, args.ramp),
            returning=rng.random() < args.returning,
            clicks=rng.choice([2, 3]) if rng.random() < args.double_click else 1,
            htmx=not args.no_js,
        )
        for i in range(students)
    ]


def run(plans: list[Plan], urls: list[str], args, rng: random.Random) -> list[Sitting]:
    """Every student in their own thread, all at once; how each one's exam went."""
    class_ = [
        Sitting(Student(urls[p.server], htmx=p.htmx, rng=random.Random(rng.random())), p)
        for p in plans
    ]
    threads = [threading.Thread(target=sit_exam, args=(s, args), daemon=True) for s in class_]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return class_


def sit_exam(sitting: Sitting, args) -> None:
    student, plan = sitting.student, sitting.plan

    def think() -> None:
        time.sleep(args.think * student.rng.uniform(0.7, 1.3))

    time.sleep(plan.arrive_after)
    try:
        if plan.returning:
            student.login(plan.username, PASSWORD)
        else:
            student.signup(plan.username, PASSWORD)
        think()
        student.start(args.quiz, clicks=plan.clicks)
        student.answer_all(think=think)
        think()
        student.submit(clicks=plan.clicks)
        think()
        sitting.finished = student.result().kind == "result"
    except StudentStuck as stuck:
        sitting.stuck = str(stuck).removeprefix(f"{plan.username}: ")
    except Exception as error:  # a fault of the harness: report it with the rest
        sitting.stuck = f"{type(error).__name__}: {error}"


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * share), 1) - 1]


def report(setup: str, class_: list[Sitting], records, lost, markdown: bool) -> list[str]:
    """Print the tables and what went wrong; the names of the checks that failed."""
    exchanges = [e for s in class_ for e in s.student.log]
    failed = [e for e in exchanges if e.status is None or e.status >= 500]
    checks = run_checks(class_, exchanges, records, lost)
    print_tables(setup, checks, latency_rows(exchanges), markdown)
    for text, times in Counter(f"{e.status} {e.step}: {e.error}" for e in failed).items():
        print(f"  {times} × {text}")
    stuck = Counter(re.sub(r"/\d+/", "/N/", s.stuck) for s in class_ if s.stuck)
    for text, times in stuck.most_common(5):
        print(f"  stuck {times} × {text}")
    for save, why in lost[:10]:
        print(f"  lost: {save.username} attempt {save.attempt_id} #{save.position}: {why}")
    return [name for name, _, ok in checks if not ok]


def run_checks(class_: list[Sitting], exchanges, records, lost) -> list[tuple[str, object, bool]]:
    """(check, what was found, passed) for everything the issue promises."""
    errors = sum(1 for e in exchanges if e.status is not None and e.status >= 500)
    dropped = sum(1 for e in exchanges if e.status is None)
    attempts = [r.attempts for r in records.values()]
    extra = sum(max(0, len(a) - 1) for a in attempts)
    without = sum(1 for a in attempts if not a)
    ungraded = sum(1 for a in attempts for row in a if not row.graded)
    # Grading records each stored answer once in the review schedule: twice means
    # graded twice, fewer means a grading was lost.
    miscounted = sum(
        1
        for r in records.values()
        if len(r.attempts) == 1 and r.attempts[0].graded and r.reviews != r.attempts[0].answered
    )
    finished = sum(1 for s in class_ if s.finished)
    acknowledged = sum(1 for s in class_ for save in s.student.saves if save.acknowledged)
    return [
        ("students who finished", f"{finished} / {len(class_)}", finished == len(class_)),
        ("errors (5xx)", errors, not errors),
        ("connection failures", dropped, not dropped),
        ("lost answers", f"{len(lost)} of {acknowledged} acknowledged", not lost),
        ("extra attempts", extra, not extra),
        ("students without an attempt", without, not without),
        ("attempts not graded", ungraded, not ungraded),
        ("attempts graded other than once", miscounted, not miscounted),
    ]


def latency_rows(exchanges) -> list[tuple]:
    """Per step: requests, errors, p50, p95 and max in milliseconds."""
    by_step: dict[str, list] = {}
    for e in exchanges:
        by_step.setdefault(e.step, []).append(e)
    labels = dict(STEPS)
    order = [s for s, _ in STEPS if s in by_step] + sorted(set(by_step) - set(labels))
    rows = []
    for step in order:
        ms = [e.seconds * 1000 for e in by_step[step]]
        errors = sum(1 for e in by_step[step] if e.status is None or e.status >= 500)
        p50, p95 = percentile(ms, 0.5), percentile(ms, 0.95)
        rows.append(
            (labels.get(step, step), len(ms), errors, f"{p50:.0f}", f"{p95:.0f}", f"{max(ms):.0f}")
        )
    return rows


def print_tables(setup: str, checks, rows, markdown: bool) -> None:
    head = ("step", "requests", "errors", "p50 ms", "p95 ms", "max ms")
    if markdown:
        print(f"**{setup}**\n\n| check | result |\n|---|---|")
        for name, value, ok in checks:
            print(f"| {name} | {value}{'' if ok else ' ✗'} |")
        print("\n| " + " | ".join(head) + " |\n|---|" + "---:|" * (len(head) - 1))
        for row in rows:
            print("| " + " | ".join(str(c) for c in row) + " |")
        return
    print(setup)
    for name, value, ok in checks:
        print(f"  {name:<34} {value!s:<28} {'ok' if ok else 'FAILED'}")
    print()
    print(f"  {head[0]:<16}" + "".join(f"{h:>10}" for h in head[1:]))
    for row in rows:
        print(f"  {row[0]:<16}" + "".join(f"{c!s:>10}" for c in row[1:]))


if __name__ == "__main__":
    sys.exit(main())

"""How fast the pages a class uses on exam day serve, against a bare Django view.

    .venv/bin/python bench/pages.py [--rounds 5] [--duration 10] [--markdown]

Needs `wrk` (Debian package `wrk`). Builds a fresh SQLite database as `make setup`
does, serves it with gunicorn (2 workers, production settings, DEBUG off) and
signs one student in, with a submitted quick quiz (10 questions) and an open
comprehensive exam (20 questions). Then, in interleaved rounds, `wrk -t1 -c8`
loads each page in turn and the yardstick: a bare view in the same process setup
that reads the session and the user and renders a tiny template (`bench/urls.py`).
Each page's figure is its requests per second divided by the bare view's in the
same round; the table gives the median of those ratios (and their range), so a
noisy machine moves both alike. Absolute requests per second are shown for
reference only.

Last, it takes whole attempts at the 20-question exam over HTTP as a browser
with htmx does (each answer and the next question in one round trip) and as one
without JavaScript does (answer, redirect, next question), and counts requests.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    Student,
    prepare_database,
    random_answer,
    scratch_database,
    serve,
)

SETTINGS = "bench.settings"
BARE = "bare view"


@dataclass
class Endpoint:
    name: str
    path: str
    goal: float | None = None  # the floor for the ratio to the bare view
    body: str = ""  # a POST's form data
    headers: dict[str, str] = field(default_factory=dict)
    ratios: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)


def wrk(url: str, endpoint: Endpoint, cookie: str, duration: int) -> float:
    """Requests per second for `endpoint`; every answer must be a 2xx or 3xx."""
    command = ["wrk", "-t1", "-c8", f"-d{duration}s", "-H", f"Cookie: {cookie}"]
    for name, value in endpoint.headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if endpoint.body:
            # Form-encoded bodies hold no quote or backslash to escape in Lua.
            script.write(
                'wrk.method = "POST"\n'
                f'wrk.body = "{endpoint.body}"\n'
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            )
    command += ["-s", script.name, url + endpoint.path]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    Path(script.name).unlink()
    if "Non-2xx or 3xx responses" in done.stdout or "Socket errors" in done.stdout:
        raise RuntimeError(f"{endpoint.name}: errors under load:\n{done.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))


def signed_in_student(url: str) -> tuple[Student, int, int, dict[str, list[str]]]:
    """A student with a submitted quick quiz and an open comprehensive exam; the
    two attempts' ids and a valid answer to the exam's first question."""
    student = Student(url, htmx=False)
    student.signup("bench-student")
    student.start("quick-quiz")
    student.answer_all()
    student.submit()
    submitted = student.attempt_id
    student.start("comprehensive-exam")
    fields, _ = student.page.answer_form
    return student, submitted, student.attempt_id, random_answer(fields, student.rng)


def endpoints(submitted: int, exam: int, answer: dict[str, list[str]], token: str):
    save = urlencode({"csrfmiddlewaretoken": token, **answer, "go": "1"}, doseq=True)
    onward = urlencode({"csrfmiddlewaretoken": token, **answer, "go": "2"}, doseq=True)
    htmx = {"HX-Request": "true", "HX-Boosted": "true"}
    return [
        Endpoint(BARE, "/bench/bare/"),
        Endpoint("question page", f"/attempts/{exam}/q/2/", goal=0.55),
        Endpoint("answer save (then a redirect)", f"/attempts/{exam}/q/1/", body=save),
        Endpoint(
            "answer save + next question, one round trip (htmx)",
            f"/attempts/{exam}/q/1/",
            body=onward,
            headers=htmx,
        ),
        Endpoint("result (10 questions)", f"/attempts/{submitted}/result/", goal=0.3),
        Endpoint("progress", "/progress/", goal=0.3),
        Endpoint("quiz list", "/"),
    ]


def whole_attempts(url: str, count: int, *, htmx: bool) -> tuple[int, float]:
    """Requests per whole attempt at the 20-question exam (start click to result
    page) and the median time one takes, answered without thinking."""
    requests, seconds = [], []
    for number in range(count):
        student = Student(url, htmx=htmx)
        student.signup(f"whole-{'htmx' if htmx else 'plain'}-{number}")
        before, started = len(student.log), time.perf_counter()
        student.start("comprehensive-exam")
        student.answer_all()
        student.submit()
        seconds.append(time.perf_counter() - started)
        # The quiz page opened before 시작 is not part of taking the attempt.
        requests.append(len(student.log) - before - 1)
    return statistics.median(requests), statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--attempts", type=int, default=5, help="whole attempts per way")
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/pages.py needs wrk: apt-get install wrk")

    with scratch_database() as database_url:
        prepare_database(database_url)
        with serve(database_url, workers=2, settings=SETTINGS) as server:
            student, submitted, exam, answer = signed_in_student(server.url)
            cookie = "; ".join(f"{k}={v}" for k, v in student.cookies.items())
            pages = endpoints(submitted, exam, answer, student.cookies["csrftoken"])
            for _ in range(options.rounds):
                rates = {e.name: wrk(server.url, e, cookie, options.duration) for e in pages}
                for endpoint in pages:
                    endpoint.rates.append(rates[endpoint.name])
                    endpoint.ratios.append(rates[endpoint.name] / rates[BARE])
            plain = whole_attempts(server.url, options.attempts, htmx=False)
            htmx = whole_attempts(server.url, options.attempts, htmx=True)
    report(pages, plain, htmx, options)


def report(pages: list[Endpoint], plain, htmx, options) -> None:
    rows = [
        (
            e.name,
            f"{statistics.median(e.ratios):.2f}×",
            f"{min(e.ratios):.2f}–{max(e.ratios):.2f}",
            f"≥ {e.goal}×" if e.goal else "",
            f"{statistics.median(e.rates):.0f}",
        )
        for e in pages
    ]
    header = ("page", "vs bare view (median)", "range", "goal", "req/s (median)")
    print(
        f"gunicorn 2 workers, SQLite, production settings; wrk -t1 -c8 -d{options.duration}s, "
        f"{options.rounds} interleaved rounds\n"
    )
    table(header, rows, options.markdown)
    print()
    table(
        ("a whole 20-question attempt", "requests", "median time"),
        [
            ("with htmx (answer and next question in one round trip)", f"{htmx[0]:.0f}",
             f"{htmx[1] * 1000:.0f} ms"),
            ("without JavaScript (answer, redirect, next question)", f"{plain[0]:.0f}",
             f"{plain[1] * 1000:.0f} ms"),
        ],
        options.markdown,
    )  # fmt: skip


def table(header: tuple[str, ...], rows: list[tuple[str, ...]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()

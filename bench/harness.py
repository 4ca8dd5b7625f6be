"""Real parts for benchmarks and live tests: a prepared database, gunicorn serving
it under production settings, and students who use the site over HTTP as a
browser would.

The database is set up and inspected by `manage.py` subprocesses and the
students use only the standard library, so nothing here shares a process, a
connection or a transaction with the server: what a run measures and what a
check finds afterwards is what a class would meet.

    with scratch_database(os.environ.get("DATABASE_URL")) as url:
        prepare_database(url)
        with serve(url, workers=4) as server:
            student = Student(server.url)
            student.signup("kim", "a-long-password-1")
            student.start("quick-quiz")
            student.answer_all()
            student.submit()
        lost_answers(url, student.saves)  # [] when every acknowledged answer is stored
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import html.parser
import http.client
import http.cookies
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = Path(__file__).resolve().with_name("gunicorn_conf.py")
DATA = ROOT / "questions" / "data"
# One key for every process a run starts: servers sharing a database must read
# each other's sessions and signed cookies.
SECRET_KEY = secrets.token_urlsafe(50)
# Students' password unless a test says otherwise (the validators accept it).
PASSWORD = "exam-day-Pw-4417!"


# -- The database -------------------------------------------------------------


def is_postgres(database_url: str | None) -> bool:
    return bool(database_url) and urlsplit(database_url).scheme in ("postgres", "postgresql")


def django_env(database_url: str, settings: str = "quizsite.settings.prod") -> dict[str, str]:
    """The environment of a production process on `database_url`, over plain HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
    }


def manage(database_url: str, *args: str) -> str:
    """Run one `manage.py` command under production settings; its output, or an error."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=django_env(database_url),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def prepare_database(database_url: str) -> None:
    """Migrate and load the document, the bank and the quizzes, as `make setup` does."""
    manage(database_url, "migrate", "--no-input", "-v", "0")
    manage(database_url, "ingest_document", str(DATA / "apec-ai-initiative.ko.txt"))
    manage(database_url, "import_questions", str(DATA / "bank.json"), "--format", "json")
    manage(database_url, "load_quizzes", str(DATA / "quizzes.json"))


def fresh_postgres_database(server_url: str) -> str:
    """A new empty database on the server of `server_url` (whose role may create
    databases); its URL. The caller's own database is never touched."""
    import psycopg

    name = f"quizsite_live_{secrets.token_hex(5)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def drop_postgres_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path[1:]}" WITH (FORCE)')


@contextlib.contextmanager
def scratch_database(server_url: str | None = None) -> Iterator[str]:
    """An empty database that is removed afterwards: a new one on the PostgreSQL
    server `server_url` names, or else a SQLite file in a temporary folder."""
    if is_postgres(server_url):
        url = fresh_postgres_database(server_url)
        try:
            yield url
        finally:
            django_shell_close(url)
            drop_postgres_database(url)
    else:
        folder = tempfile.mkdtemp(prefix="quizsite-live-")
        try:
            url = f"sqlite:///{folder}/db.sqlite3"
            yield url
        finally:
            django_shell_close(url)
            shutil.rmtree(folder, ignore_errors=True)


_SHELL_MARK = "@@quizsite-shell@@"
# A `manage.py shell` that runs the snippets it reads, one JSON line each, so that
# a check costs milliseconds rather than a new Django process.
_SHELL_LOOP = f"""
import json, sys, traceback
for line in sys.stdin:
    request = json.loads(line)
    namespace = {{"params": request["params"], "result": None}}
    try:
        exec(request["code"], namespace)
        reply = {{"result": namespace["result"]}}
    except Exception:
        reply = {{"error": traceback.format_exc()}}
    print({_SHELL_MARK!r} + json.dumps(reply, default=str), flush=True)
"""


class _Shell:
    """One `manage.py shell` process on a database, fed snippets through its stdin."""

    def __init__(self, database_url: str) -> None:
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", _SHELL_LOOP],
            cwd=ROOT,
            env=django_env(database_url),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )

    def run(self, code: str, params: Any) -> Any:
        with self.lock:
            self.process.stdin.write(json.dumps({"code": code, "params": params}) + "\n")
            self.process.stdin.flush()
            said = []
            for line in self.process.stdout:
                if line.startswith(_SHELL_MARK):
                    reply = json.loads(line[len(_SHELL_MARK) :])
                    if "error" in reply:
                        raise RuntimeError(f"the shell code failed:\n{reply['error']}")
                    return reply["result"]
                said.append(line)
        raise RuntimeError("the shell stopped:\n" + "".join(said)[-4000:])

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_shells: dict[str, _Shell] = {}
_shells_lock = threading.Lock()


def django_shell(database_url: str, code: str, params: Any = None) -> Any:
    """Run ORM code on the database from outside the server, in a `manage.py shell`
    kept open for the database (it holds no transaction between calls).

    `code` reads `params` (JSON data) and sets `result` (JSON-serialisable; dates
    become strings), which is returned.
    """
    with _shells_lock:
        shell = _shells.get(database_url)
        if shell is None or shell.process.poll() is not None:
            shell = _shells[database_url] = _Shell(database_url)
    return shell.run(code, params)


def django_shell_close(database_url: str) -> None:
    """Stop the database's shell (before the database is dropped, say)."""
    with _shells_lock:
        shell = _shells.pop(database_url, None)
    if shell is not None:
        shell.close()


atexit.register(lambda: [django_shell_close(url) for url in list(_shells)])


_QUIZ_UPDATE = """
from questions.models import Quiz
quiz = Quiz.objects.get(slug=params["slug"])
for name, value in params["fields"].items():
    setattr(quiz, name, quiz._meta.get_field(name).to_python(value))
quiz.full_clean()
quiz.save()  # as the admin saves it
result = quiz.pk
"""


def quiz_update(database_url: str, slug: str, **fields: Any) -> None:
    """Change a quiz's settings as a teacher saving the admin form would
    (e.g. `attempts_allowed=1`, `time_limit_minutes=30`, `closes_at=datetime`)."""
    values = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()}
    django_shell(database_url, _QUIZ_UPDATE, {"slug": slug, "fields": values})


_ACCOUNTS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
User = get_user_model()
hashed = make_password(params["password"])
User.objects.bulk_create(User(username=name, password=hashed) for name in params["usernames"])
"""


def accounts_create(database_url: str, usernames: Sequence[str], password: str = PASSWORD) -> None:
    """Student accounts made beforehand (by a teacher, say), all with `password`:
    one hash for all of them, so that making many takes no longer than one."""
    if usernames:
        django_shell(database_url, _ACCOUNTS, {"usernames": list(usernames), "password": password})


# -- The server ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def collect_static(database_url: str) -> None:
    """Production settings render pages through collectstatic's manifest (without
    it every page answers 500). Collect once, and again only when a static file
    changed; a lock keeps simultaneous runs from rewriting it under each other."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    lock_path = Path(tempfile.gettempdir()) / f"quizsite-collectstatic-{os.getuid()}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources = [p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()]
        if manifest.exists() and manifest.stat().st_mtime >= max(sources, default=0):
            return
        manage(database_url, "collectstatic", "--no-input", "-v", "0")


@dataclass
class Server:
    """A running gunicorn: its base URL and what it logged (errors, tracebacks)."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tracebacks(self) -> list[str]:
        """Each traceback the server logged so far, cut to its key lines."""
        return key_traceback_lines(self.log())


def key_traceback_lines(log: str) -> list[str]:
    """The tracebacks in a server log, each cut to the request it failed (the log
    line before it), the last frame in the project's code, and the error."""
    found: list[str] = []
    lines = log.splitlines()
    for start, line in enumerate(lines):
        if not line.startswith("Traceback (most recent call last)"):
            continue
        end = start + 1
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        frames = [i for i in range(start, end) if lines[i].lstrip().startswith("File ")]
        ours = [i for i in frames if "site-packages" not in lines[i]] or frames
        key = [lines[i] for i in ours[-1:]] + [lines[i + 1] for i in ours[-1:] if i + 1 < end]
        if start and lines[start - 1].strip():
            key.insert(0, re.sub(r"^\[[^]]*\] \[\d+\] ", "", lines[start - 1]))
        if end < len(lines):
            key.append(lines[end])
        found.append("\n".join(key))
    return found


@contextlib.contextmanager
def serve(
    database_url: str,
    *,
    workers: int = 4,
    port: int | None = None,
    timeout: float = 60,
    settings: str = "quizsite.settings.prod",
) -> Iterator[Server]:
    """Run `gunicorn quizsite.wsgi` on the database under production settings
    (or `settings`, which extend them), yield it once every worker is ready, stop
    it afterwards. Several can share one database on different ports."""
    collect_static(database_url)
    port = port or free_port()
    log_path = Path(tempfile.mkstemp(prefix=f"gunicorn-{port}-", suffix=".log")[1])
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "quizsite.wsgi",
        "--config",
        str(GUNICORN_CONFIG),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=django_env(database_url, settings), stdout=log, stderr=log
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_ready(server, workers, timeout)
        yield server
        if process.poll() is not None:
            tail = server.log()[-4000:]
            raise RuntimeError(f"gunicorn on port {port} died (exit {process.returncode}):\n{tail}")
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log_path.unlink(missing_ok=True)


def _wait_until_ready(server: Server, workers: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited at start (exit {server.process.returncode}):\n"
                f"{server.log()[-4000:]}"
            )
        if server.log().count("Worker ready") >= workers:
            parts = urlsplit(server.url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            try:
                connection.request("GET", "/")
                connection.getresponse().read()
                return
            except OSError:
                pass
            finally:
                connection.close()
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{server.log()[-4000:]}")


# -- What a student reads off a page ------------------------------------------


@dataclass
class Field:
    """One answer field of the question form: how it is answered and its options."""

    kind: str  # "radio", "checkbox", "text" or "select"
    options: list[str] = field(default_factory=list)


class _PageParser(html.parser.HTMLParser):
    """The forms' answer fields and `go` buttons, and the flash messages."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict[str, Field], list[str]]] = []
        self.messages: list[tuple[list[str], str]] = []  # (its classes, its text)
        self._form: tuple[dict[str, Field], list[str]] | None = None
        self._select = ""
        self._message: tuple[list[str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "form":
            self._form = ({}, [])
            self.forms.append(self._form)
        elif tag == "li" and "message" in a.get("class", "").split():
            self._message = (a["class"].split(), [])
        elif self._form is None:
            return
        elif tag == "input" and _is_answer(name):
            kind = a.get("type", "text")
            kind = kind if kind in ("radio", "checkbox") else "text"
            entry = self._form[0].setdefault(name, Field(kind))
            if kind != "text":
                entry.options.append(a.get("value", ""))
        elif tag == "select" and _is_answer(name):
            self._select = name
            self._form[0][name] = Field("select")
        elif tag == "option" and self._select and a.get("value"):
            self._form[0][self._select].options.append(a["value"])
        elif tag == "button" and name == "go":
            self._form[1].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = ""
        elif tag == "li" and self._message is not None:
            classes, text = self._message
            self.messages.append((classes, " ".join("".join(text).split())))
            self._message = None

    def handle_data(self, data: str) -> None:
        if self._message is not None:
            self._message[1].append(data)


def _is_answer(name: str) -> bool:
    return name == "answer" or name.startswith("match_")


_ATTEMPT_PATH = re.compile(r"^/attempts/(\d+)/(?:q/(\d+)|(submit)|(result))/")


def page_kind(path: str) -> tuple[str, int | None, int | None]:
    """What a path shows: ("question" | "summary" | "result" | "other", attempt, position)."""
    match = _ATTEMPT_PATH.match(path)
    if not match:
        return "other", None, None
    kind = "question" if match[2] else "summary" if match[3] else "result"
    return kind, int(match[1]), int(match[2]) if match[2] else None


class Page:
    """Where a student is after a request: the page's path, status and what it says."""

    def __init__(self, url: str, status: int, text: str) -> None:
        self.url, self.status, self.text = url, status, text
        self.kind, self.attempt_id, self.position = page_kind(url)
        parser = _PageParser()
        parser.feed(text)
        self._parsed = parser

    def __repr__(self) -> str:
        return f"<Page {self.status} {self.url} {self.messages}>"

    @property
    def messages(self) -> list[str]:
        """The flash messages on the page ("…님, 가입을 환영합니다!", "…마감되었습니다")."""
        return [text for _, text in self._parsed.messages]

    @property
    def errors(self) -> list[str]:
        return [text for classes, text in self._parsed.messages if "error" in classes]

    @property
    def answer_form(self) -> tuple[dict[str, Field], list[str]]:
        """The answer fields of the page's question form and its `go` buttons."""
        for fields, buttons in self._parsed.forms:
            if fields:
                return fields, buttons
        return {}, []


# -- Students -----------------------------------------------------------------


@dataclass
class Exchange:
    """One request as the student saw it; `status` is None when the connection failed."""

    step: str
    method: str
    path: str
    status: int | None
    seconds: float
    error: str = ""  # a 5xx body's first line, or the connection error


@dataclass
class Save:
    """An answer a student posted, and whether the site acknowledged it."""

    username: str
    attempt_id: int
    position: int
    kind: str  # "choice", "text" or "matching"
    sent: dict[str, list[str]]
    status: int | None = None
    acknowledged: bool = False
    landed: str = ""  # the page the student was taken to


@dataclass
class Reply:
    """An HTTP answer as it came, before any redirect is followed."""

    path: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class StudentStuck(Exception):
    """The site answered in a way a student cannot go on from (a 5xx, a dropped
    connection, a page that is not the expected one)."""


TEXT_ANSWERS = ["허브", "2025", "경주", "인재 양성", "디지털 전환", "12"]

Chooser = Callable[[dict[str, Field], random.Random], dict[str, list[str]]]


def random_answer(fields: dict[str, Field], rng: random.Random) -> dict[str, list[str]]:
    """Any answer a student might give: one radio option, some checkboxes, a
    typed word, a match for every prompt."""
    answer: dict[str, list[str]] = {}
    for name, entry in fields.items():
        if entry.kind == "text":
            answer[name] = [rng.choice(TEXT_ANSWERS)]
        elif entry.kind == "checkbox":
            answer[name] = rng.sample(entry.options, rng.randint(1, len(entry.options)))
        elif entry.options:
            answer[name] = [rng.choice(entry.options)]
    return answer


def _answer_kind(fields: dict[str, Field]) -> str:
    kinds = {entry.kind for entry in fields.values()}
    return "matching" if "select" in kinds else "text" if "text" in kinds else "choice"


class Student:
    """A browser's worth of HTTP: a connection, a cookie jar, the page it is on.

    With `htmx` it sends the headers a browser running htmx sends on a boosted
    form, and takes either answer the site may give: a redirect (followed with a
    GET) or a 200 that already is the next page, named by `HX-Push-Url`. Every
    request lands in `log`, every posted answer in `saves`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        htmx: bool = True,
        rng: random.Random | None = None,
        timeout: float = 120,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.htmx = htmx
        self.rng = rng or random.Random()
        self.timeout = timeout
        self.username = ""
        self.cookies: dict[str, str] = {}
        self.page: Page | None = None
        self.attempt_id: int | None = None
        self.log: list[Exchange] = []
        self.saves: list[Save] = []
        self._connection: http.client.HTTPConnection | None = None

    def fork(self) -> Student:
        """The same student in another tab: a copy of the cookies, its own
        connection, the same logs (for a double click, or two tabs at once)."""
        twin = Student(self.base_url, htmx=self.htmx, rng=self.rng, timeout=self.timeout)
        twin.username, twin.page, twin.attempt_id = self.username, self.page, self.attempt_id
        twin.cookies = dict(self.cookies)
        twin.log, twin.saves = self.log, self.saves
        return twin

    # -- what a student does

    def signup(self, username: str, password: str = PASSWORD) -> Page:
        self.username = username
        self.get("/signup/", step="signup page")
        data = {"username": username, "password1": password, "password2": password}
        page = self.post("/signup/", data, step="signup")
        if page.url.startswith("/signup/"):
            raise StudentStuck(f"{username}: signup refused ({page.status})")
        return page

    def login(self, username: str, password: str = PASSWORD) -> Page:
        self.username = username
        self.get("/accounts/login/", step="login page")
        data = {"username": username, "password": password}
        page = self.post("/accounts/login/", data, step="login")
        if page.url.startswith("/accounts/login/"):
            raise StudentStuck(f"{username}: login refused ({page.status})")
        return page

    def start(self, slug: str, *, clicks: int = 1) -> list[Page]:
        """Open the quiz's page and click 시작 (`clicks` times at once); the page
        each click led to. The student goes on from the last one."""
        self.get(f"/quizzes/{slug}/", step="quiz")
        pages = self.click(f"/quizzes/{slug}/start/", {}, step="start", clicks=clicks)
        self.attempt_id = pages[-1].attempt_id or self.attempt_id
        return pages

    def answer(self, choose: Chooser = random_answer) -> Save:
        """Answer the question on screen and press 다음 (제출 확인 on the last one)."""
        page = self.page
        if page is None or page.kind != "question":
            raise StudentStuck(f"{self.username}: not on a question ({page!r})")
        fields, buttons = page.answer_form
        if not fields:
            raise StudentStuck(f"{self.username}: no answer fields on {page!r}")
        sent = choose(fields, self.rng)
        go = "next" if "next" in buttons else "summary"
        save = Save(self.username, page.attempt_id, page.position, _answer_kind(fields), sent)
        self.saves.append(save)
        reply = self._request("answer", "POST", page.url, {**sent, "go": go})
        save.status = reply.status
        target = self._target(reply)
        # Sent back to the same question or on to the result page: not taken.
        save.acknowledged = (
            reply.status < 400
            and target is not None
            and target != page.url
            and page_kind(target)[0] != "result"
        )
        landed = self._land(reply)
        save.landed = landed.url
        if landed.status >= 400 or landed.kind == "result" or landed.errors:
            save.acknowledged = False
        return save

    def answer_all(
        self, *, choose: Chooser = random_answer, think: Callable[[], None] = lambda: None
    ) -> int:
        """Answer every question in turn, thinking before each; how many answers
        the site acknowledged. Stops when the site leads away from the questions."""
        acknowledged = 0
        for _ in range(1000):
            if self.page is None or self.page.kind != "question":
                return acknowledged
            think()
            acknowledged += self.answer(choose).acknowledged
        raise StudentStuck(f"{self.username}: the questions never end ({self.page!r})")

    def submit(self, *, clicks: int = 1) -> list[Page]:
        """Click 제출하고 채점하기 (`clicks` times at once); the pages they led to."""
        if self.attempt_id is None:
            raise StudentStuck(f"{self.username}: no attempt to submit")
        path = f"/attempts/{self.attempt_id}/submit/"
        return self.click(path, {}, step="submit", clicks=clicks)

    def result(self) -> Page:
        return self.get(f"/attempts/{self.attempt_id}/result/", step="result")

    # -- HTTP as a browser does it

    def get(self, path: str, *, step: str) -> Page:
        return self._land(self._request(step, "GET", path))

    def post(self, path: str, data: dict[str, Any], *, step: str) -> Page:
        return self._land(self._request(step, "POST", path, data))

    def click(self, path: str, data: dict[str, Any], *, step: str, clicks: int = 1) -> list[Page]:
        """POST a form `clicks` times at the same instant, each from its own copy
        of the browser, and follow each answer; the student keeps the last."""
        if clicks == 1:
            return [self.post(path, data, step=step)]
        twins = [self.fork() for _ in range(clicks)]
        outcomes = simultaneously([lambda t=t: t.post(path, data, step=step) for t in twins])
        self.cookies, self.page = twins[-1].cookies, twins[-1].page
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return outcomes

    def _request(
        self, step: str, method: str, path: str, data: dict[str, Any] | None = None
    ) -> Reply:
        headers = {"User-Agent": "quizsite-exam-day/1", "Accept": "text/html"}
        body = None
        if method == "POST":
            # The cookie's secret is a valid token too; a page's masked one is not needed.
            token = self.cookies.get("csrftoken", "")
            body = urlencode({"csrfmiddlewaretoken": token, **(data or {})}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.htmx and self.page is not None:
            headers |= {
                "HX-Request": "true",
                "HX-Boosted": "true",
                "HX-Current-URL": self.base_url + self.page.url,
            }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        for may_retry in (True, False):
            connection = self._connection_for()
            reused = connection.sock is not None
            try:
                connection.request(method, path, body, headers)
                response = connection.getresponse()
                reply = Reply(path, response.status, response.headers, response.read())
                break
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                # A kept-alive connection the server had closed: browsers retry too.
                stale = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
                if may_retry and reused and isinstance(error, stale):
                    continue
                seconds = time.perf_counter() - started
                reason = f"{type(error).__name__}: {error}"
                self.log.append(Exchange(step, method, path, None, seconds, reason))
                raise StudentStuck(f"{self.username}: {method} {path}: {reason}") from error
        seconds = time.perf_counter() - started
        self._remember_cookies(reply.headers.get_all("Set-Cookie") or [])
        if reply.status >= 500:
            error = _first_line(reply.body)
            self.log.append(Exchange(step, method, path, reply.status, seconds, error))
            raise StudentStuck(f"{self.username}: {method} {path} answered {reply.status}")
        self.log.append(Exchange(step, method, path, reply.status, seconds))
        return reply

    def _connection_for(self) -> http.client.HTTPConnection:
        if self._connection is None:
            parts = urlsplit(self.base_url)
            self._connection = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=self.timeout
            )
        return self._connection

    def _remember_cookies(self, headers: Iterable[str]) -> None:
        for header in headers:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def _target(self, reply: Reply) -> str | None:
        """The page an answer leads to, as a path: a redirect's Location, htmx's
        HX-Redirect or HX-Location, or the URL htmx pushes for a page sent in place."""
        location = _hx_redirect(reply)
        if location is None and 300 <= reply.status < 400:
            location = reply.headers.get("Location")
        if location is None and reply.status < 300:
            pushed = reply.headers.get("HX-Push-Url")
            location = pushed if pushed and pushed != "false" else reply.path
        if location is None:
            return None
        return _path(urljoin(self.base_url + reply.path, location))

    def _land(self, reply: Reply) -> Page:
        """Follow redirects (GETs named after the page they lead to) to the page
        the student ends up on, and make it the current page."""
        for _ in range(10):
            if 300 <= reply.status < 400 or _hx_redirect(reply):
                path = self._target(reply)
                step = page_kind(path)[0].replace("other", "page")
                reply = self._request(step, "GET", path)
                continue
            url = self._target(reply) if reply.status < 300 else reply.path
            self.page = Page(url, reply.status, reply.body.decode("utf-8", "replace"))
            return self.page
        raise StudentStuck(f"{self.username}: too many redirects from {reply.path}")


def _hx_redirect(reply: Reply) -> str | None:
    location = reply.headers.get("HX-Redirect") or reply.headers.get("HX-Location")
    if location and location.startswith("{"):
        location = json.loads(location).get("path")
    return location


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _first_line(body: bytes) -> str:
    text = re.sub(r"<[^>]+>", "\n", body.decode("utf-8", "replace"))
    return next((line.strip()[:200] for line in text.splitlines() if line.strip()), "")


def simultaneously(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together by a barrier; each one's result,
    or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=300)
            outcomes[index] = call()
        except BaseException as error:  # handed back to the caller
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# -- Checks -------------------------------------------------------------------

_STORED_ANSWERS = """
from questions.models import Response
rows = {
    (r.attempt_id, r.position): r
    for r in Response.objects.filter(attempt_id__in={s[0] for s in params}).prefetch_related(
        "options", "matches"
    )
}
result = []
for index, (attempt, position, kind, sent) in enumerate(params):
    row = rows.get((attempt, position))
    if row is None:
        result.append([index, "no such question in the attempt"])
        continue
    if kind == "choice":
        have = sorted(o.choice_id for o in row.options.all() if o.selected)
        want = sorted(int(v) for v in sent.get("answer", []))
    elif kind == "text":
        have, want = row.text_answer, (sent.get("answer") or [""])[0].strip()[:500]
    else:
        have = {str(m.pair_id): m.chosen for m in row.matches.all()}
        want = {k[6:]: v[0] for k, v in sent.items() if k.startswith("match_") and v and v[0]}
    if have != want:
        result.append([index, f"stored {have!r}, sent {want!r}"])
"""


def lost_answers(database_url: str, saves: Iterable[Save]) -> list[tuple[Save, str]]:
    """Acknowledged answers the database does not hold as sent, with what it holds.
    Only the last acknowledged answer to a question counts (it replaced the others)."""
    latest: dict[tuple[int, int], Save] = {}
    for save in saves:
        if save.acknowledged:
            latest[(save.attempt_id, save.position)] = save
    wanted = list(latest.values())
    if not wanted:
        return []
    params = [[s.attempt_id, s.position, s.kind, s.sent] for s in wanted]
    return [(wanted[i], why) for i, why in django_shell(database_url, _STORED_ANSWERS, params)]


_ATTEMPTS = """
from django.db.models import Count, F, Sum
from questions.models import Attempt, ReviewSchedule, Response
names = params["usernames"]
result = {name: {"attempts": [], "reviews": 0} for name in names}
attempts = list(
    Attempt.objects.filter(student__username__in=names, quiz__slug=params["slug"], kind="quiz")
    .order_by("pk")
    .values("pk", "student__username", "state", "score", "submitted_at")
)
answered = dict(
    Response.objects.filter(attempt__in=[a["pk"] for a in attempts], answered_at__isnull=False)
    .order_by().values_list("attempt").annotate(n=Count("id"))
)
for a in attempts:
    a["answered"] = answered.get(a["pk"], 0)
    result[a.pop("student__username")]["attempts"].append(a)
reviews = (
    ReviewSchedule.objects.filter(student__username__in=names)
    .order_by().values_list("student__username")
    .annotate(n=Sum(F("times_right") + F("times_wrong")))
)
for name, n in reviews:
    result[name]["reviews"] = n
"""


@dataclass
class AttemptRow:
    pk: int
    state: str
    score: str | None
    submitted_at: str | None
    answered: int  # questions with a stored answer

    @property
    def graded(self) -> bool:
        return self.state == "submitted" and self.score is not None and bool(self.submitted_at)


@dataclass
class StudentRecord:
    """A student's attempts at a quiz and how many answers their review schedule
    has counted (each answer of a graded attempt counts once)."""

    attempts: list[AttemptRow]
    reviews: int


def student_records(
    database_url: str, slug: str, usernames: Sequence[str]
) -> dict[str, StudentRecord]:
    found = django_shell(database_url, _ATTEMPTS, {"slug": slug, "usernames": list(usernames)})
    return {
        name: StudentRecord([AttemptRow(**a) for a in entry["attempts"]], entry["reviews"])
        for name, entry in found.items()
    }

"""The web app's county pages as the county grows, and under concurrent clients, on gunicorn and
PostgreSQL over loopback.

    .venv/bin/python benchmarks/bench_web.py [--schools 80 300 1000] [--repeat 15]
        [--clients 50] [--workers 2 4] [--requests 10] [--flood 500] [--reuse]

For each county size N it uses the database `junheng_bench_N` on the local PostgreSQL
(127.0.0.1:5432, trust auth): created, migrated and loaded with `load_demo --schools N` (timed),
or, with --reuse, kept as an earlier run left it. Then gunicorn with production settings
(DEBUG off, static files through WhiteNoise) on 127.0.0.1:8765 and:

  pages   one client, each county page in turn: the first request (the evaluation not yet in
          the cache) and the median and p95 of --repeat more;
  load    (largest size) --clients client threads, each logged in with its own session, each
          requesting the pages in turn --requests times, on each --workers count: p50, p95,
          errors and throughput;
  flood   (largest size, most workers) --flood clients at once, two requests each: where it
          stops (errors, their kind, the slowest answer).

Every request goes to 127.0.0.1 only; loops are bounded. Set PYTHONPATH to measure another
checkout of the code with the same databases.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PORT = 8765
BASE = f"http://{HOST}:{PORT}"
PASSWORD = "junheng-demo"


def database(schools: int) -> str:
    return f"junheng_bench_{schools}"


def environment(schools: int, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database(schools)}",
        JUNHENG_SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        JUNHENG_DEMO="1",
        JUNHENG_HTTPS="0",
        JUNHENG_DEBUG="0",
        JUNHENG_ALLOWED_HOSTS=HOST,
        JUNHENG_DATA_DIR=data_dir,
        # the benchmark logs in many clients from one address: keep the lock-out out of the way
        JUNHENG_LOGIN_FAILURE_LIMIT="100000",
    )
    return env


def psql(*commands: str, db: str = "postgres") -> str:
    arguments = ["psql", "-h", HOST, "-U", "postgres", "-d", db, "-qAt"]
    for command in commands:
        arguments += ["-c", command]
    return subprocess.run(arguments, check=True, capture_output=True, text=True).stdout


def prepare(schools: int, env: dict[str, str], reuse: bool) -> float | None:
    """The database of the N-school county; the seconds `load_demo` took, None if reused."""
    manage = [str(BIN / "python"), "manage.py"]
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{database(schools)}'").strip()
    if reuse and exists:
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        psql("ANALYZE", db=database(schools))
        return None
    psql(f"DROP DATABASE IF EXISTS {database(schools)}", f"CREATE DATABASE {database(schools)}")
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    began = time.perf_counter()
    subprocess.run(
        [*manage, "load_demo", "--schools", str(schools)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    took = time.perf_counter() - began
    # the planner's statistics of the freshly loaded tables, as autovacuum would gather them
    # within a minute or two in production: without them PostgreSQL guesses one school per
    # county and nests loops over 1,000 × 1,000 rows (the first measurement of this page did)
    psql("ANALYZE", db=database(schools))
    return took


class Server:
    """gunicorn serving the app with `workers` sync workers, until stopped."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "junheng.site.wsgi",
                "--bind",
                f"{HOST}:{PORT}",
                "--workers",
                str(workers),
                "--backlog",
                "2048",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{BASE}/accounts/login/", timeout=10)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


class Session:
    """A logged-in client with its own cookies."""

    def __init__(self, username: str = "county_admin") -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{BASE}/accounts/login/", timeout=120).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{BASE}/accounts/login/", data=body, headers={"Referer": f"{BASE}/accounts/login/"}
        )
        self.opener.open(request, timeout=120).read()

    def get(self, path: str) -> int:
        with self.opener.open(f"{BASE}{path}", timeout=120) as response:
            response.read()
            return response.status

    def text(self, path: str) -> tuple[str, str]:
        with self.opener.open(f"{BASE}{path}", timeout=120) as response:
            return response.geturl(), response.read().decode()


def county_pages(session: Session) -> dict[str, str]:
    """The county pages a county admin opens, found from the home page's links."""
    url, home = session.text("/")
    county, year = re.search(r"/county/(\d{6})/(\d{4})/", home + url).groups()
    checklists = session.text("/checklists/")[1]
    board = re.search(r'href="/checklists/(\d+)/"', checklists).group(1)
    return {
        "dashboard": f"/county/{county}/{year}/",
        "home": "/",
        "registry": "/registry/",
        "year data": f"/data/{year}/",
        "problems": "/problems/",
        "checklist board": f"/checklists/{board}/board/",
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_client(pages: dict[str, str], repeat: int) -> dict[str, tuple[float, float, float]]:
    """Per page: first request, median and p95 of `repeat` more, one request at a time."""
    session = Session()
    times: dict[str, tuple[float, float, float]] = {}
    for label, path in pages.items():
        began = time.perf_counter()
        session.get(path)
        first = time.perf_counter() - began
        samples = []
        for _ in range(repeat):
            began = time.perf_counter()
            session.get(path)
            samples.append(time.perf_counter() - began)
        times[label] = (first, statistics.median(samples), percentile(samples, 0.95))
    return times


def concurrent(
    sessions: list[Session], requests: int, action: Callable[[Session, int], int]
) -> dict[str, object]:
    """Every session's `requests` requests at once: latencies, errors and throughput."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()

    def client(session: Session, offset: int) -> None:
        for number in range(requests):
            began = time.perf_counter()
            try:
                status = action(session, offset + number)
                failure = None if status == 200 else str(status)
            except urllib.error.HTTPError as error:
                failure = f"HTTP {error.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                failure = type(getattr(error, "reason", error)).__name__
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if failure:
                    errors[failure] += 1

    threads = [threading.Thread(target=client, args=(s, i)) for i, s in enumerate(sessions)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies),
        "throughput": len(latencies) / wall,
        "errors": errors,
    }


def logins(count: int) -> list[Session]:
    """`count` logged-in sessions, made a few at a time (a login hashes a password)."""
    sessions: list[Session | None] = [None] * count
    lock = threading.Lock()
    pending = list(range(count))

    def work() -> None:
        while True:
            with lock:
                if not pending:
                    return
                index = pending.pop()
            for attempt in range(5):
                try:
                    sessions[index] = Session()
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    time.sleep(1 + attempt)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [s for s in sessions if s is not None]


def in_turn(pages: list[str]) -> Callable[[Session, int], int]:
    """A client's n-th request: the pages one after another."""
    return lambda session, n: session.get(pages[n % len(pages)])


def load_row(label: str, clients: int, result: dict[str, object]) -> str:
    errors = result["errors"]
    named = ", ".join(f"{n} {kind}" for kind, n in errors.most_common()) if errors else "0"
    return (
        f"| {label} | {clients} | {result['requests']} | {ms(result['p50'])} "
        f"| {ms(result['p95'])} | {ms(result['max'])} | {result['throughput']:.1f}/s | {named} |"
    )


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, nargs="+", default=[80, 300, 1000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, nargs="*", default=[2, 4])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--flood", type=int, default=500, help="0: no flood")
    parser.add_argument("--reuse", action="store_true", help="keep databases already loaded")
    arguments = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="junheng-bench-")
    print(f"{os.cpu_count()} cores, load average at start {load_average()}")
    sizes = sorted(arguments.schools)
    pages_by_size: dict[int, dict[str, tuple[float, float, float]]] = {}
    collected = False
    for schools in sizes:
        env = environment(schools, data_dir)
        took = prepare(schools, env, arguments.reuse)
        if not collected:
            subprocess.run(
                [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            collected = True
        if took is not None:
            print(f"load_demo --schools {schools}: {took:.0f} s")
        # a cold cache for every size: the first request of each page evaluates
        psql("DELETE FROM junheng_cache", db=database(schools))
        server = Server(env, 2)
        try:
            pages = county_pages(Session())
            pages_by_size[schools] = one_client(pages, arguments.repeat)
        finally:
            server.stop()
        print(f"measured {schools} schools (load average {load_average()})")

    print("\n| page | " + " | ".join(f"{n} schools: first / median / p95" for n in sizes), end="")
    print(f" | {sizes[-1]} ÷ {sizes[0]} (median) |" if len(sizes) > 1 else " |")
    print("|---|" + "---|" * (len(sizes) + (len(sizes) > 1)))
    for label in pages_by_size[sizes[0]]:
        cells = [" / ".join(ms(x) for x in pages_by_size[n][label]) for n in sizes]
        ratio = (
            f" | {pages_by_size[sizes[-1]][label][1] / pages_by_size[sizes[0]][label][1]:.1f}×"
            if len(sizes) > 1
            else ""
        )
        print(f"| {label} | " + " | ".join(cells) + ratio + " |")

    largest = sizes[-1]
    env = environment(largest, data_dir)
    rows: list[str] = []
    for workers in arguments.workers:
        server = Server(env, workers)
        try:
            pages = list(county_pages(Session()).values())
            sessions = logins(arguments.clients)
            for path in pages:  # every page evaluated once: the load measures the warm pages
                sessions[0].get(path)
            result = concurrent(sessions, arguments.requests, in_turn(pages))
            rows.append(load_row(f"{workers} workers, every page in turn", len(sessions), result))
            if arguments.flood and workers == max(arguments.workers):
                flood = logins(arguments.flood)
                result = concurrent(flood, 2, in_turn(pages))
                rows.append(load_row(f"{workers} workers, flood", len(flood), result))
        finally:
            server.stop()
        print(f"load on {workers} workers done (load average {load_average()})")
    if rows:
        print(f"\n{largest} schools, gunicorn sync workers, PostgreSQL, {os.cpu_count()} cores")
        print("| scenario | clients | requests | p50 | p95 | max | throughput | errors |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(rows))
    pg = psql("SHOW max_connections").strip()
    print(f"\nPostgreSQL max_connections = {pg}; load average at the end {load_average()}")


if __name__ == "__main__":
    main()

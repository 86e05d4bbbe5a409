"""The web app under load: 50 concurrent clients against gunicorn and PostgreSQL, on loopback.

    .venv/bin/python benchmarks/bench_web.py [--clients 50] [--requests 20] [--workers 4]

Creates the database `junheng_bench` on the local PostgreSQL (127.0.0.1:5432, trust auth),
migrates it, loads the demo county, starts gunicorn with production settings (DEBUG off) on
127.0.0.1:8765, and then, with N client threads each logged in with its own session:
  dashboard  GET the county dashboard (evaluation of ~80 schools, charts, matrix)
  import     POST the county's template workbook to the import preview (dry run)
Reports p50/p95/max latency, throughput and errors per scenario. Every request goes to
127.0.0.1 only; loops are bounded by --requests.
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
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PORT = 8765
BASE = f"http://{HOST}:{PORT}"
DATABASE = "junheng_bench"


def environment(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        JUNHENG_SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        JUNHENG_DEMO="1",
        JUNHENG_HTTPS="0",
        JUNHENG_DEBUG="0",
        JUNHENG_ALLOWED_HOSTS=HOST,
        JUNHENG_DATA_DIR=data_dir,
        # the benchmark logs in 50 clients from one address: keep the lock-out out of the way
        JUNHENG_LOGIN_FAILURE_LIMIT="1000",
    )
    return env


def prepare(env: dict[str, str]) -> None:
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {DATABASE}",
            "-c",
            f"CREATE DATABASE {DATABASE}",
        ],
        check=True,
    )
    manage = [str(BIN / "python"), "manage.py"]
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


class Session:
    """A logged-in client with its own cookies."""

    def __init__(self, username: str, password: str) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{BASE}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{BASE}/accounts/login/", data=body, headers={"Referer": f"{BASE}/accounts/login/"}
        )
        self.opener.open(request).read()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> int:
        with self.opener.open(f"{BASE}{path}", timeout=60) as response:
            response.read()
            return response.status

    def post_file(self, path: str, field: str, name: str, data: bytes) -> int:
        boundary = uuid.uuid4().hex
        token = self.csrf()
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        request = urllib.request.Request(
            f"{BASE}{path}",
            data=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"{BASE}{path}",
            },
        )
        with self.opener.open(request, timeout=60) as response:
            response.read()
            return response.status


def run_scenario(label: str, sessions: list[Session], requests: int, action) -> str:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(session: Session) -> None:
        for _ in range(requests):
            start = time.perf_counter()
            try:
                status = action(session)
                ok = status == 200
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                ok, status = False, repr(error)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(str(status))

    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    p50 = statistics.median(latencies)
    return (
        f"| {label} | {len(sessions)} | {len(latencies)} | {p50 * 1000:.0f} ms"
        f" | {p95 * 1000:.0f} ms | {latencies[-1] * 1000:.0f} ms | {len(latencies) / wall:.1f}/s"
        f" | {len(errors)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    arguments = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="junheng-bench-")
    env = environment(data_dir)
    prepare(env)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "junheng.site.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(arguments.workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/accounts/login/", timeout=10)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        probe = Session("county_admin", "junheng-demo")
        county, year = re.search(
            r"/county/(\d{6})/(\d{4})/", probe.opener.open(f"{BASE}/").geturl()
        ).groups()
        dashboard = f"/county/{county}/{year}/"
        export = probe.opener.open(f"{BASE}/data/{year}/export/").read()
        sessions = [Session("county_admin", "junheng-demo") for _ in range(arguments.clients)]
        rows = [
            run_scenario(
                "county dashboard", sessions, arguments.requests, lambda s: s.get(dashboard)
            ),
            run_scenario(
                "import preview (dry run)",
                sessions,
                max(1, arguments.requests // 4),
                lambda s: s.post_file("/data/import/", "file", "county.xlsx", export),
            ),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"gunicorn {arguments.workers} workers, PostgreSQL, {os.cpu_count()} cores")
    print("| scenario | clients | requests | p50 | p95 | max | throughput | errors |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

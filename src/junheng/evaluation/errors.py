"""Errors of the evaluation core: every message in Chinese and English, naming where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class InputProblem:
    """One problem of an input file: file, row as the spreadsheet numbers it, column as written."""

    file: str
    row: int | None
    column: str | None
    zh: str
    en: str

    def where_zh(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列「{self.column}」")
        return "，".join(parts)

    def where_en(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)

    @property
    def message_zh(self) -> str:
        return f"{self.where_zh()}：{self.zh}"

    @property
    def message_en(self) -> str:
        return f"{self.where_en()}: {self.en}"


class DataError(Exception):
    """The input data cannot be evaluated; `problems` lists all that is wrong, in file order."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__(self.message())

    def message(self, limit: int | None = None) -> str:
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [f"{p.message_zh}\n    {p.message_en}" for p in shown]
        if limit is not None and len(self.problems) > limit:
            rest = len(self.problems) - limit
            lines.append(f"……另有 {rest} 处错误 / … and {rest} more problems")
        return "\n".join(lines)


def _problem_order(problem: InputProblem) -> tuple[str, int, str]:
    return (problem.file, problem.row if problem.row is not None else 0, problem.column or "")


class StandardError(Exception):
    """A standard file is unknown or malformed; `problems` are (zh, en) pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"评估标准文件 {self.source} 有误 / invalid standard file {self.source}:"]
        lines += [f"  - {zh}\n    {en}" for zh, en in self.problems]
        return "\n".join(lines)

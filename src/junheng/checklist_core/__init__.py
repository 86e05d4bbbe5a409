"""Checklists as data (no Django): the format, Excel in and out, automatic scoring, the
evidence-file checks and the archive layout.

from junheng.checklist_data import read_checklist_workbook, summarize, judge
"""

from junheng.checklist_data.figures import FIGURES, FigureValue, compute_figures
from junheng.checklist_data.files import load_checklist_file, read_checklist_toml
from junheng.checklist_data.model import Checklist, Item
from junheng.checklist_data.scoring import Result, ScoreRefused, judge, score_figure, summarize
from junheng.checklist_data.workbook import (
    blank_workbook,
    checklist_workbook,
    read_checklist_workbook,
)

__all__ = [
    "FIGURES",
    "Checklist",
    "FigureValue",
    "Item",
    "Result",
    "ScoreRefused",
    "blank_workbook",
    "checklist_workbook",
    "compute_figures",
    "judge",
    "load_checklist_file",
    "read_checklist_toml",
    "read_checklist_workbook",
    "score_figure",
    "summarize",
]

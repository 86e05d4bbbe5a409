"""The pure core of the checklists (no Django): a checklist as data (`ChecklistSpec`), its
checks, Excel in and out, automatic scoring, the evidence-file checks and the archive layout.
The `junheng.checklists` app stores, assigns and scores checklists in the database with it.

from junheng.checklist_core import read_checklist_workbook, summarize, judge
"""

from junheng.checklist_core.figures import FIGURES, FigureValue, compute_figures
from junheng.checklist_core.files import load_checklist_file, read_checklist_toml
from junheng.checklist_core.model import ChecklistSpec, Item
from junheng.checklist_core.scoring import Result, ScoreRefused, judge, score_figure, summarize
from junheng.checklist_core.workbook import (
    blank_workbook,
    checklist_workbook,
    read_checklist_workbook,
)

__all__ = [
    "FIGURES",
    "ChecklistSpec",
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

"""The pure evaluation core of Junheng: no Django, no database, no rendering.

from junheng.evaluation import evaluate_files
result = evaluate_files(["county.xlsx"], "quality-2017")
result.levels, result.units, result.counties
"""

from junheng.evaluation.engine import Evaluation, evaluate, evaluate_files
from junheng.evaluation.errors import DataError, InputProblem, StandardError
from junheng.evaluation.standard import Indicator, Standard, load_standard
from junheng.evaluation.template_checks import read_school_data
from junheng.evaluation.template_files import SourceFile

__all__ = [
    "DataError",
    "Evaluation",
    "Indicator",
    "InputProblem",
    "SourceFile",
    "Standard",
    "StandardError",
    "evaluate",
    "evaluate_files",
    "load_standard",
    "read_school_data",
]

"""Write the JSON contract."""

from __future__ import annotations

import orjson

from junheng.evaluation import Evaluation
from junheng.reports.contract import evaluation_to_dict


def render_json(evaluation: Evaluation, *, analysis: bool = False) -> bytes:
    document = evaluation_to_dict(evaluation, analysis=analysis)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"

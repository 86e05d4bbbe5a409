"""What the audit history calls each recorded field: a snapshot's key is named by the object
type's own word for it (keys that are no field of its model: counts, lists, a related object's
words), else by the shared labels (`selectors.FIELDS`: the template's headers, the registry's),
else by its model field's verbose name. A key none of them names is a gap the audit label test
finds (tests/audit/test_field_labels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

OBJECT_FIELDS: dict[str, dict[str, Any]] = {
    "registry.County": {  # the refresh of the problems the evaluation suggests
        "standard": _("评估标准"),
        "updated": _("更新条数"),
        "removed": _("撤下条数"),
        "unchanged": _("未变条数"),
        "already_open": _("已有问题条数"),
    },
    "collection.ImportBatch": {"unchanged": _("未变条数")},
    "bulletins.Bulletin": {"as_of": _("数据截至"), "items": _("简讯条目")},
    "bulletins.Notice": {
        "commended": _("表扬单位数"),
        "criticised": _("批评单位数"),
        "document_number": _("发文字号"),
    },
    "inspections.Visit": {
        "finding": _("走访发现"),
        "findings": _("走访发现"),
        "photos": _("照片张数"),
    },
    # "name" is a school's (学校名称) unless the object type says otherwise
    "checklists.Checklist": {"items": _("指标条数"), "name": _("名称")},
    "checklists.ChecklistImport": {"items": _("指标条数")},
    "rectification.Problem": {
        "photos": _("照片张数"),
        "stage": _("照片阶段"),
        "new_deadline": _("申请的新期限"),
        "reason": _("延期理由"),
    },
    "rectification.Suggestion": {"problem": _("生成的问题编号")},
    "checklists.EvidenceVersion": {
        "item": _("指标编码"),
        "unit": _("责任单位"),
        "version": _("版本"),
        "requirement": _("佐证要求"),
        "sha256": _("文件校验值（SHA-256）"),
    },
    "checklists.Assignment": {
        "item": _("指标编码"),
        "unit": _("责任单位"),
        "batch": _("批量分解"),
    },
    "surveys.TokenBatch": {
        "group": _("调查对象"),
        "schools": _("调查学校"),
        "count": _("二维码数"),
    },
    "surveys.Survey": {"schools": _("调查学校")},
    "recognition.MockDraw": {"schools": _("抽中学校"), "name": _("名称")},
}


def field_label(object_type: str, key: str, shared: Mapping[str, Any]) -> Any | None:
    """What a person calls the key recorded for the object type (see the module); None when
    nothing names it."""
    own = OBJECT_FIELDS.get(object_type, {})
    if key in own:
        return own[key]
    if key in shared:
        return shared[key]
    try:
        name = apps.get_model(object_type)._meta.get_field(key).verbose_name
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return None  # no such model, no such field, or a relation without a verbose name
    return name if name and str(name) != key else None  # Django's default is the key itself

"""Builders for the rectification, inspections and bulletins tests (also used by the
permission matrix's CATALOGUE to make the objects its URLs point at)."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from junheng.rectification.choices import Source, Status
from junheng.rectification.models import Problem, ProblemPhoto
from junheng.registry.models import County, School


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real (tiny, grey) PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real (tiny, grey) JPEG image: photos are decoded and re-encoded before they are
    stored, so a fake one is refused."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (width, height), 128).save(buffer, "JPEG")
    return buffer.getvalue()


JPEG_BYTES = jpeg_bytes()


def photo_upload(name: str = "现场.png", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes() if data is None else data, "image/png")


def problem_at(
    school: School | None,
    *,
    county: County | None = None,
    status: str = Status.OPEN,
    deadline: dt.date | None = None,
    responsible: Any = None,
    description: str = "功能室不足，实验课无法正常开设",
    source: str = Source.COUNTY,
    **extra: Any,
) -> Problem:
    """A problem written directly (no service): for arranging a test's starting state."""
    county = county or school.county
    return Problem.objects.create(
        county=county,
        township=school.township if school else extra.pop("township", None),
        school=school,
        source=source,
        description=description,
        status=status,
        deadline=deadline,
        responsible=responsible,
        **extra,
    )


def photo_of(problem: Problem, stage: str = "problem") -> ProblemPhoto:
    from django.core.files.base import ContentFile

    photo = ProblemPhoto(
        problem=problem,
        stage=stage,
        content_type="image/png",
        size=len(png_bytes()),
        original_name="现场.png",
        uploaded_by=problem.created_by or _someone(problem.county),
    )
    photo.file.save(f"problems/test/{problem.pk}-{stage}.png", ContentFile(png_bytes()), save=True)
    return photo


def _someone(county: County):
    from junheng.accounts.models import User

    return User.objects.filter(county=county).order_by("pk").first()


# --- the objects the permission matrix's URLs point at ---------------------------------------


def matrix_problem(school: School) -> Problem:
    return problem_at(school, description=f"矩阵测试问题 {school.code}")


def matrix_extension(school: School):
    """A pending 延期申请 on the school's matrix problem, asked by someone of the county."""
    from junheng.rectification.models import ExtensionRequest

    problem = matrix_problem(school)
    return ExtensionRequest.objects.create(
        problem=problem,
        old_deadline=dt.date(2030, 1, 1),
        new_deadline=dt.date(2030, 3, 1),
        reason="矩阵测试",
        requested_by=_someone(school.county),
    )


def matrix_photo(school: School) -> ProblemPhoto:
    return photo_of(matrix_problem(school))


def matrix_suggestion(school: School):
    from junheng.rectification.models import Suggestion

    return Suggestion.objects.create(
        county=school.county,
        school=school,
        year=2025,
        standard="quality-2017",
        level="primary",
        indicator_key="teaching_room_area_per_student",
        indicator_name="生均教学及辅助用房面积",
        value=3.2,
        threshold=4.5,
        gap=520.0,
        gap_unit="m²",
        text="缺少教学及辅助用房 520 m²",
        description="小学「生均教学及辅助用房面积」未达到标准",
    )


def _bureau_user(county: County):
    from junheng.accounts.models import User

    return User.objects.filter(county=county, role="county_admin").order_by("pk").first()


def matrix_visit(school: School):
    from junheng.inspections.models import Finding, Visit

    visit = Visit.objects.create(
        county=school.county,
        school=school,
        date=dt.date(2025, 5, 6),
        visitor=_bureau_user(school.county),
        checked="功能室使用情况",
    )
    Finding.objects.create(visit=visit, position=1, text="音乐教室被挪作仓库")
    return visit


def matrix_finding(school: School):
    return matrix_visit(school).findings.get()


def matrix_visit_photo(school: School):
    from django.core.files.base import ContentFile

    from junheng.inspections.models import VisitPhoto

    visit = matrix_visit(school)
    photo = VisitPhoto(visit=visit, content_type="image/png", size=10, original_name="a.png")
    photo.file.save(f"visits/test/{visit.pk}.png", ContentFile(png_bytes()), save=True)
    return photo


def matrix_bulletin(county: County, published: bool = True):
    from junheng.bulletins.models import Bulletin

    number = (Bulletin.objects.filter(county=county).count() + 1) if published else None
    return Bulletin.objects.create(
        county=county,
        number=number,
        editor=f"{county.name}教育局",
        status="published" if published else "draft",
        issue_date=dt.date(2025, 6, 1) if published else None,
        created_by=_bureau_user(county),
    )


def matrix_notice(county: County, published: bool = True):
    from junheng.bulletins.models import Notice

    return Notice.objects.create(
        county=county,
        title="关于问题整改情况的通报",
        body="各乡镇中心学校：\n一、通报表扬\n暂无。",
        status="published" if published else "draft",
        created_by=_bureau_user(county),
    )

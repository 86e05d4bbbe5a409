"""Lists come in pages of PAGE_SIZE: `?page=` is a whole number from 1 (400 otherwise), and a
page beyond the last is 404, as the schema says."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from junheng.api.errors import Refused, error_item, refused

PAGE_PARAMETER = "page"
NOT_A_PAGE = ("页码应为不小于 1 的整数", "page must be a whole number of at least 1")
NO_SUCH_PAGE = ("没有这一页", "there is no such page")


class Pages(PageNumberPagination):
    page_query_param = PAGE_PARAMETER
    last_page_strings = ()

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        number = page_number(request)
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(number)
        except InvalidPage as error:
            raise refused(404, *NO_SUCH_PAGE, field=PAGE_PARAMETER) from error
        return list(self.page)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": PAGE_PARAMETER,
                "required": False,
                "in": "query",
                "description": "页码 (from 1; a page beyond the last is 404)",
                "schema": {"type": "integer", "minimum": 1},
            }
        ]


def page_number(request: Request) -> int:
    """The page asked for (1 when none is)."""
    raw = request.query_params.get(PAGE_PARAMETER)
    if raw is None:
        return 1
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise Refused(400, [error_item(PAGE_PARAMETER, *NOT_A_PAGE)])
    return int(raw)

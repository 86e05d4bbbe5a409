"""Long lists a page at a time: a county of 1,000 schools lists them in pages, so that a page
costs the same whatever the county's size (issue 15). The page number is the query's `page`;
the template includes `partials/pagination.html` with `page`, which keeps the other filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 100


def page_of(request: HttpRequest, items: Sequence[Any], size: int = PAGE_SIZE) -> Page:
    """The request's page of the items (a queryset is sliced in the database); a page number
    that is not one, or beyond the last, gives the nearest page."""
    return Paginator(items, size).get_page(request.GET.get("page"))

"""Moved to `junheng.access`; this name stays only while the surveys app is being split."""

from junheng.access.policy import *  # noqa: F403
from junheng.access.policy import RestrictedQuerySet, can  # noqa: F401

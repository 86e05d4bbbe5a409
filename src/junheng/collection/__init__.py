"""Yearly school data: entry, import, approval and lock."""

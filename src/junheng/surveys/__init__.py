"""Satisfaction surveys (社会认可度)."""

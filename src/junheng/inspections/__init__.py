"""Assigned cadres (包校) and their school visits."""

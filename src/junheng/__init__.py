"""Junheng (均衡): county balanced compulsory education evaluation."""

__version__ = "0.1.0"

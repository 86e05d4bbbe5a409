"""Renderers of an Evaluation: JSON (the contract), terminal table, xlsx workbook, html page."""

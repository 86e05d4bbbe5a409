"""Evaluation dashboards: the county and school views of junheng.evaluation on the database."""

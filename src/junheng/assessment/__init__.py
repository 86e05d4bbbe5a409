"""The county's evaluation from the database and what is built on it, below the pages: the
evaluation of a county's year (`evaluation`), its summaries for pages and documents
(`summaries`), and the least-cost plan at a bureau's unit costs (`costs_plan`). The
dashboards, checklists, rectification, API and self-report all take their numbers here."""

"""The demo county, three months before its inspection (issue 14 §8): `load_demo_county`.

Only in demo mode (JUNHENG_DEMO=1). It builds a county of N schools (80 by default) from the
generator in `junheng.demo_data` with one account per role, and replays its last 150 days
through the apps' services — so that rules, statuses and the audit trail are what a real
county's would be:

- `school_data`  the template workbooks imported, the earlier year approved and locked, the
                 latest year under way (one record returned with a comment by the township);
- `road`         recognised for basic balance in 2021, the county profile, the four stages
                 with their dates, a mock national draw;
- `checklists`   the national checklists assigned to offices, a township and every school,
                 evidence files uploaded, items scored by hand and from the data;
- `problems`     problems in every state, some overdue, some from the province's feedback;
                 the evaluation's gaps proposed; today's reminders;
- `visits`       包校 visits over the past months, one finding turned into a problem;
- `documents`    two work bulletins and a notice, published;
- `survey`       the county's satisfaction survey with its answers and its rate.

`clock` runs each step on its day; `people` holds the accounts; `files` makes the PDFs and
PNGs uploaded. The parts of both standards then show each state (met, unmet, not yet
assessed): see tests/demo_county/test_demo.py.
"""

from junheng.demo_county.county import (
    DEMO_SCHOOLS,
    DEMO_SEED,
    DEMO_YEARS,
    DemoNotAllowed,
    load_demo_county,
)
from junheng.demo_county.people import DEMO_PASSWORD, DEMO_USERS, demo_accounts_text

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_SCHOOLS",
    "DEMO_SEED",
    "DEMO_USERS",
    "DEMO_YEARS",
    "DemoNotAllowed",
    "demo_accounts_text",
    "load_demo_county",
]

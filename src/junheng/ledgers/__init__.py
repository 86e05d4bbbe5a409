"""The ledgers (台账) a county keeps for its inspection, carried out of the app (issue 14 §5).

Each ledger is what a page shows, as a document the bureau hands on or files:

- 问题整改台账 (`problems`): every problem of the reader's scope with its source and stage, dates,
  responsible person, measure, state and proof — a workbook, and a Word ledger with the photos;
- 走访记录 (`visits`): the visits with what was checked and found;
- 倒排计划 (`plan`): the checklist assignments and open problems by deadline, counted back from
  the inspection date, with the stages of the road to recognition;
- 走访密度 (`density`): the schools not visited for more than N days;
- 排名 (`rankings`): townships and schools by rectification, overdue problems and data;
- 一校一档 (`school_file`): one school's file — its data and verdict with gaps, problems,
  visits and evidence — as a zip of an index workbook and the files.

Every ledger is scoped by `junheng.access` exactly as its page is (a principal gets the school,
a township officer the township, an inspector the assigned schools, the bureau the county),
and every workbook is written through `junheng.workbooks` (texts never run as formulas). The
ledgers are official documents: Chinese whatever the page's language.

- `catalogue`: the ledgers, each with its name, title, the action (junheng.access) it needs,
  and the function that builds its file;
- `sheets`: the one layout of a ledger's workbook (title row, county and date, Chinese headings);
- `problems`, `word`, `visits`, `plan`, `rankings`, `school_file`: the ledgers' rows and files;
- `background`: the kinds of background job (junheng.jobs) that build the large ones.
"""

"""Every read of the checklists app, scoped to the user through `junheng.access`: an item,
assignment or file out of the user's scope is a 404.

- `scope`    one checklist, item, assignment, file or import batch of the user's scope; the
             county the user runs; who may be named for a unit; why a score would be refused
- `figures`  the county's figures for the automatic items, from its school data
- `states`   each assignment's evidence against its item's requirements; the scores added up
- `pages`    the list, a checklist's tree, an item's page, the user's own items
- `board`    the progress board by category, unit and person
- `archive`  the evidence archive's files and index
- `schools`  items given to many schools: which schools, each one's own person, completion

Selectors never import the services.
"""

from junheng.checklists.selectors.archive import archive_contents
from junheng.checklists.selectors.board import Board, Tally, progress_board
from junheng.checklists.selectors.figures import county_figures, data_years
from junheng.checklists.selectors.pages import (
    AssignmentBlock,
    ChecklistPage,
    EvidenceRow,
    IndexPage,
    ItemPage,
    ItemRow,
    checklist_page,
    index_page,
    item_page,
    my_assignments,
    my_assignments_query,
    my_open_count,
)
from junheng.checklists.selectors.schools import (
    SchoolItem,
    county_people,
    own_people_of_schools,
    school_items,
    target_schools,
    township_of_item,
)
from junheng.checklists.selectors.scope import (
    ChecklistImportPreview,
    assignable_people,
    assignment_evidence,
    assignment_for,
    checklist_for,
    checklist_list,
    county_to_manage,
    evidence_version_for,
    import_batch,
    import_batches,
    import_preview_page,
    item_for,
    item_score_refusal,
    managed_county,
    people_for_assignment,
)
from junheng.checklists.selectors.states import (
    AssignmentState,
    assignment_states,
    checklist_summary,
    item_results,
    scoped_assignments,
)

__all__ = [
    "AssignmentBlock",
    "AssignmentState",
    "Board",
    "ChecklistImportPreview",
    "ChecklistPage",
    "EvidenceRow",
    "IndexPage",
    "ItemPage",
    "ItemRow",
    "SchoolItem",
    "Tally",
    "archive_contents",
    "assignable_people",
    "assignment_evidence",
    "assignment_for",
    "assignment_states",
    "checklist_for",
    "checklist_list",
    "checklist_page",
    "checklist_summary",
    "county_figures",
    "county_people",
    "county_to_manage",
    "data_years",
    "evidence_version_for",
    "import_batch",
    "import_batches",
    "import_preview_page",
    "index_page",
    "item_for",
    "item_page",
    "item_results",
    "item_score_refusal",
    "managed_county",
    "my_assignments",
    "my_assignments_query",
    "my_open_count",
    "own_people_of_schools",
    "people_for_assignment",
    "progress_board",
    "school_items",
    "scoped_assignments",
    "target_schools",
    "township_of_item",
]

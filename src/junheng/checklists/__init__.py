"""Evaluation checklists (督导评估指标), their decomposition to units and people (指标分解),
self-scoring and the evidence archive (台账资料).

Checklists are data. The national ones ship as files in `standards/` (basic-2012: 17
county-government items B1–B17 in 4 aspects, with the entry condition, the composite CVs and
public satisfaction; quality-2017: resource allocation, 15 government-guarantee items, 9
education-quality items, social recognition and the one-vote vetoes) and are loaded for a
county with `manage.py load_checklists --county <code>` or from the list page. A county
imports its province's checklist (e.g. Shaanxi's 「双高双普」) from an Excel workbook.

Workbook layout (the blank template at /checklists/template.xlsx carries the same text in its
「填写说明」 sheet; `junheng.checklist_core.layout` is the code's single source):

Sheet 「指标体系」, the header in row 1 (column order free, other columns ignored), one item a row:

    编码      required  hierarchical code: 1 a category, 1.2 an item, 1.2.3 a sub-item (≤ 6
                        levels); a text cell (Excel would store 1.10 as the number 1.1)
    指标内容  required  the item's text
    分值                maximum score; where a parent has one, its children's must add up to it;
                        empty for pass/fail items
    评分办法            the scoring rule as the standard words it
    计分方式            人工评分 / 达标得满分 / 按比例得分
                        (empty: 达标得满分 when 系统数据 is given, else 人工评分)
    佐证材料            the evidence required, one a line (or separated by ；)
    数据项              the measurable figure's name, e.g. 小学班额
    比较 / 标准值 / 单位  its rule: ≥ ≤ > < = (>= <= accepted), a number, a unit — together
    系统数据            the key of a figure the system measures (the template lists them), which
                        makes the item scored automatically from the yearly school data
    一票否决 / 待核实    是 / 否 (待核实: a fact not confirmed from a published text)
    条款 / 备注         the clause (B1, 政府保障程度(3)) and a note

Sheet 「信息」 (optional), label in column A, value in B: 标识 (key, unique in the county),
名称, 文号, 及格分, 全部达标 (是/否), 说明.

Import is upload → dry-run preview listing every problem by row and column in Chinese (bad
code, missing parent, duplicate code, non-numeric score, children's scores not adding up to
their parent's, incomplete figure rule, unknown system figure) → confirm → all or nothing.
The export writes the same layout; the round trip gives the same checklist.

Items are scored on leaves: automatic items from the county's school data of a year (class
sizes, 大班额 56–65 / 超大班额 ≥ 66 counts, school sizes, the quality-2017 resource verdicts
and CVs, the basic-2012 composite CVs), the others by the responsible person or the bureau
with a justification; parents add up. Evidence is uploaded per assignment (item × unit),
checked by content (`junheng.checklist_core.uploads`), versioned, stored under MEDIA_ROOT and
served only through a permission-checked view; the archive exports as one zip laid out
类别/指标/单位/文件 with 目录.xlsx.

Pages in English: the shipped files carry each text's English beside the Chinese (`name_en`,
`title_en`, `rule_en`, `figure_en`, `unit_en`, `clause_en`, `note_en`, `evidence_en`); a county's
stored copy is shown in English while it is still the file's Chinese — any page shows an item
through `ChecklistItem.shown_title` (and `shown_rule`, `shown_requirement` …) and a checklist
through `Checklist.shown_name` — and as written once the county changed it; an imported
checklist is the county's own. The notes the automatic scoring stores stay Chinese and are
rendered in English at display time (`english.justification_text`).
"""

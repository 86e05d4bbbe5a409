"""A generated province-style checklist: 8 categories → 32 items → 156 sub-items (3 levels),
as Shaanxi's 「双高双普」 is reported to be, written in the documented workbook layout."""

from __future__ import annotations

from junheng.checklist_core.model import ChecklistSpec, Item, code_key
from junheng.checklist_core.workbook import checklist_workbook

CATEGORIES = (
    "教育管理",
    "经费投入",
    "学校布局调整",
    "义务教育均衡发展",
    "学前教育",
    "高中阶段教育",
    "职业教育",
    "继续教育与满意度",
)


def generated_checklist(key: str = "shaanxi-shuanggao") -> ChecklistSpec:
    items: list[Item] = []
    sub_total = 0
    for c, category in enumerate(CATEGORIES, start=1):
        category_score = 0.0
        category_items = []
        for i in range(1, 5):
            subs = 4 if (c, i) in {(1, 1), (3, 2), (5, 3), (8, 4)} else 5
            item_score = 0.0
            for s in range(1, subs + 1):
                score = float(1 + (c + i + s) % 3)
                item_score += score
                sub_total += 1
                items.append(
                    Item(
                        code=f"{c}.{i}.{s}",
                        title=f"{category}第{i}项第{s}条要求",
                        max_score=score,
                        rule="达到要求得满分，部分达到酌情扣分",
                        evidence=(f"{category}{i}-{s} 文件", "工作记录"),
                        figure="完成率" if s == 1 else "",
                        comparison=">=" if s == 1 else "",
                        threshold=95.0 if s == 1 else None,
                        unit="%" if s == 1 else "",
                        veto=(c, i, s) == (4, 1, 1),
                        clause=f"{c}-{i}-{s}",
                    )
                )
            category_score += item_score
            category_items.append(
                Item(code=f"{c}.{i}", title=f"{category}第{i}项", max_score=item_score)
            )
        items.extend(category_items)
        items.append(Item(code=str(c), title=category, max_score=category_score))
    assert sub_total == 156
    total = sum(item.max_score or 0 for item in items if item.depth == 1)
    return ChecklistSpec(
        key=key,
        name="陕西省「双高双普」督导评估指标（测试生成）",
        document="陕政发〔2012〕7号",
        pass_score=round(total * 0.85),
        items=tuple(sorted(items, key=lambda item: code_key(item.code))),
    )


def generated_workbook(key: str = "shaanxi-shuanggao") -> bytes:
    return checklist_workbook(generated_checklist(key))

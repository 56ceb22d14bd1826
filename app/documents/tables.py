"""Context builders: a project's indicators → the rows of the official target table.

Pure: used by the HTML page and the Word documents alike, so both show the same merges.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorRow:
    level1: str
    level2: str
    name: str
    description: str
    target_text: str
    basis: str
    understood: str
    # Rows spanned by the level cells: n > 0 on the first row of a run, 0 on the rows it covers.
    level1_span: int
    level2_span: int


def merged_rows(indicators, describe=None) -> list[IndicatorRow]:
    """Lay out indicators with level-1 and level-2 merged over equal consecutive runs.

    ``indicators`` are read by attribute: ``StoredIndicator`` (app/domain/readmodel.py) or a stored
    ``Indicator`` row; ``description`` and ``basis`` may be missing (the 监控表 and 自评表 have none).
    """
    indicators = list(indicators)
    levels = [(item.level1, item.level2) for item in indicators]
    rows = []
    n = len(indicators)
    for i, item in enumerate(indicators):
        level1, level2 = levels[i]
        same1 = i > 0 and levels[i - 1][0] == level1
        same2 = same1 and levels[i - 1][1] == level2
        span1 = span2 = 0
        if not same1:
            span1 = 1
            while i + span1 < n and levels[i + span1][0] == level1:
                span1 += 1
        if not same2:
            span2 = 1
            while i + span2 < n and levels[i + span2] == (level1, level2):
                span2 += 1
        rows.append(
            IndicatorRow(
                level1=level1,
                level2=level2,
                name=item.name,
                description=getattr(item, "description", "") or "",
                target_text=item.target_text,
                basis=getattr(item, "basis", "") or "",
                understood=describe(item.target_text) if describe else "",
                level1_span=span1,
                level2_span=span2,
            )
        )
    return rows


def numbered(number: int, text: str) -> str:
    """"1.信息化运维项目" as the official tables print it, but "1. 2024年…" when the text starts
    with a figure, so the number never reads as part of it ("1.2024年")."""
    return f"{number}. {text}" if text[:1].isdigit() else f"{number}.{text}"


def numbered_goals(goals: list[str]) -> list[str]:
    """Number the goals as the official table prints them: "1.…"."""
    return [numbered(n, text) for n, text in enumerate(goals, start=1)]


def join_words(head: str, tail: str) -> str:
    """``head + tail`` without saying twice what they share: "…展会项目" + "项目支出绩效自评表"
    gives "…展会项目支出绩效自评表" (a file name or a title made of a name and a kind of document)."""
    for size in range(min(len(head), len(tail)), 1, -1):
        if head.endswith(tail[:size]):
            return head + tail[size:]
    return head + tail

"""The indicator library (指标库, issue 17 point 3): indicators already written, grouped for reuse.

Pure: rows in, entries out. An entry is one (level-1, level-2, name) with how often it was used,
its most used 指标值, units, descriptions and 确定依据, so the form can fill a new row from it.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class LibraryRow:
    level1: str
    level2: str
    name: str
    description: str
    target_text: str
    basis: str
    unit: str | None
    year: int


@dataclass(frozen=True)
class LibraryEntry:
    level1: str
    level2: str
    name: str
    uses: int
    years: tuple[int, ...]
    values: tuple[str, ...]  # the most used 指标值 first
    units: tuple[str, ...]
    description: str
    basis: str
    recommended: tuple[str, ...] = ()  # 标杆指标: the kinds of project reviewers recommend it for ("" any)

    def to_dict(self) -> dict:
        return {
            "level1": self.level1, "level2": self.level2, "name": self.name, "uses": self.uses,
            "years": list(self.years), "values": list(self.values), "units": list(self.units),
            "description": self.description, "basis": self.basis, "recommended": list(self.recommended),
        }


def key(level1: str, level2: str, name: str) -> tuple[str, str, str]:
    """How the library tells two indicators apart: levels as written, the name without spaces and punctuation."""
    return level1.strip(), level2.strip(), _key(name)


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text or ""))


def _top(counter: Counter, n: int) -> tuple[str, ...]:
    return tuple(value for value, _ in counter.most_common(n) if value)


def build(rows, *, query: str = "", level2: str = "", limit: int = 10, recommended=None) -> list[LibraryEntry]:
    """Group ``rows`` by level-1, level-2 and name (spaces and punctuation aside).

    ``query`` keeps the names containing it; ``level2`` puts that level-2's entries first. 标杆指标
    (``recommended``: key → kinds of project) come first, then the most used, the newest, by name.
    """
    recommended = recommended or {}
    wanted = _key(query)
    groups: dict[tuple[str, str, str], list[LibraryRow]] = {}
    for row in rows:
        name = _key(row.name)
        if not name or (wanted and wanted not in name):
            continue
        groups.setdefault(key(row.level1, row.level2, row.name), []).append(row)
    entries = []
    for group, members in groups.items():
        level1, level2_name, _ = group
        names = Counter(m.name.strip() for m in members)
        entries.append(LibraryEntry(
            level1=level1,
            level2=level2_name,
            name=names.most_common(1)[0][0],
            uses=len(members),
            years=tuple(sorted({m.year for m in members})),
            values=_top(Counter(m.target_text.strip() for m in members), 3),
            units=_top(Counter(m.unit or "" for m in members), 3),
            description=(_top(Counter(m.description.strip() for m in members), 1) or ("",))[0],
            basis=(_top(Counter(m.basis.strip() for m in members), 1) or ("",))[0],
            recommended=tuple(sorted(set(recommended.get(group, ())))),
        ))
    entries.sort(key=lambda e: (bool(level2) and e.level2 != level2, not e.recommended, -e.uses, -e.years[-1], e.name))
    return entries[:limit]

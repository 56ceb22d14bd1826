"""The real-table corpus (tests/fixtures/real/): read each table, compare it field by field with its hand-checked JSON.

Run as a script to print the accuracy per table: ``python -m tests.documents.corpus``.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.documents.docx_import import parse_document
from app.domain.targets import parse_target

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


@dataclass
class Score:
    name: str
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def check(self, label: str, got, want) -> None:
        self.total += 1
        if got == want:
            self.right += 1
        else:
            self.misses.append(f"{label}: read {got!r}, expected {want!r}")


def cases() -> list[Path]:
    """Every corpus table that has its expectation beside it."""
    return sorted(p for p in REAL.glob("*.txt") if p.with_suffix(".json").exists())


def money(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def understood(text: str, year: int | None) -> dict:
    """How the product understands a 指标值, in the corpus's ``target`` shape."""
    try:
        target = parse_target(text, year=year)
    except TypeError:  # a parser without the year argument
        target = parse_target(text)
    except ValueError:
        return {"kind": "blank"}
    data = target.to_dict()
    return {k: v for k, v in data.items() if k != "text"}


def same_target(got: dict, want: dict) -> bool:
    for key, value in want.items():
        mine = got.get(key)
        if key in ("value", "lower", "upper"):
            try:
                if Decimal(str(mine)) != Decimal(str(value)):
                    return False
            except (InvalidOperation, TypeError):
                return False
        elif key == "unit":
            if (mine or "") != (value or ""):
                return False
        elif mine != value:
            return False
    return True


def score(path: Path, data: bytes | None = None, filename: str | None = None) -> Score:
    """Read one corpus file (or its .docx/.xlsx twin) and score every field against the expectation."""
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["projects"]
    result = parse_document(data if data is not None else path.read_bytes(), filename or path.name)
    out = Score(path.stem)
    read = result.projects
    out.check("projects", len(read), len(expected))
    for n, want in enumerate(expected):
        got = read[n] if n < len(read) else {}
        where = f"project {n + 1}"
        out.check(f"{where} name", got.get("name"), want.get("name"))
        for key in ("budget_total", "budget_fiscal", "budget_other"):
            if want.get(key) is not None:
                out.check(f"{where} {key}", money(got.get(key)), money(want.get(key)))
        out.check(f"{where} goals", got.get("goals", []), want.get("goals", []))
        year = want.get("year")
        got_rows = got.get("indicators", [])
        for i, item in enumerate(want.get("indicators", [])):
            mine = got_rows[i] if i < len(got_rows) else {}
            label = f"{where} row {i + 1}"
            out.check(f"{label} level1", mine.get("level1"), item.get("level1"))
            out.check(f"{label} level2", mine.get("level2"), item.get("level2"))
            out.check(f"{label} name", mine.get("name"), item.get("name"))
            if "target" in item:
                got_target = understood(mine.get("target_text", ""), year) if mine else {}
                out.total += 1
                if same_target(got_target, item["target"]):
                    out.right += 1
                else:
                    out.misses.append(f"{label} target: read {mine.get('target_text')!r} as {got_target}, expected {item['target']}")
        if len(got_rows) > len(want.get("indicators", [])):
            out.check(f"{where} extra rows", len(got_rows), len(want.get("indicators", [])))
    return out


def main() -> None:
    right = total = 0
    for path in cases():
        try:
            result = score(path)
        except Exception as err:  # a report, not a test: say what broke and go on
            print(f"{path.stem}: ERROR {type(err).__name__}: {err}")
            continue
        right, total = right + result.right, total + result.total
        print(f"{result.accuracy:6.1%}  {result.right:3}/{result.total:<3} {path.stem}")
        for miss in result.misses[:12]:
            print(f"         - {miss}")
    print(f"overall {right}/{total} = {right / max(total, 1):.1%}")


if __name__ == "__main__":
    main()


def seed_style(docx: bytes) -> str:
    """A Word document copied out as text the way the seeds were: one cell per tab-indented line,
    a blank line after each row, a cell's further lines without the tab, merged cells once."""
    import io

    from docx import Document

    from app.documents.grid import Paragraph, docx_blocks

    lines: list[str] = []
    for block in docx_blocks(Document(io.BytesIO(docx)).element.body):
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        for row in block.rows:
            for cell in row:
                first, *rest = (cell.text if not cell.continued else "").split("\n")
                lines.append("\t" + first)
                lines.extend(rest)
            lines.append("")
    return "\n".join(lines) + "\n"


def seed_style_report() -> None:
    from tests.fixtures.real.build import DOCX

    for name in DOCX:
        path = REAL / f"{name}.txt"
        text = seed_style((REAL / f"{name}.docx").read_bytes())
        try:
            result = score(path, text.encode("utf-8"), f"{name}.txt")
        except Exception as err:
            print(f"{name}: ERROR {err}")
            continue
        print(f"{result.accuracy:6.1%}  {name}")
        for miss in result.misses[:5]:
            print(f"         - {miss}")

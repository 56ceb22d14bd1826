"""Companies claimed by centres: R2–R5 and the conflicts of 000 第十条."""

from dataclasses import dataclass, field
from decimal import Decimal

from app.centres.rules.common import Finding, PartScore
from app.centres.rules.hubei_model import (
    CLAUSES,
    Assessment,
    Category,
    Centre,
    Conflict,
    HubeiSettings,
)


@dataclass(frozen=True)
class ClaimResolution:
    """Which codes count for which centre, and why the others do not."""

    counted: dict[tuple[str, Category], tuple[str, ...]] = field(default_factory=dict)
    notes: dict[tuple[str, Category], tuple[Finding, ...]] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()

    def codes(self, centre_id: str, category: Category) -> tuple[str, ...]:
        """Return the codes that count for the centre in CATEGORY."""
        return self.counted.get((centre_id, category), ())


def resolve_claims(assessment: Assessment, settings: HubeiSettings) -> ClaimResolution:
    """Decide, category by category, which claimed companies count for whom."""
    owners = {(a.category, a.code): a.centre_id for a in assessment.assignments}
    counted: dict[tuple[str, Category], list[str]] = {}
    notes: dict[tuple[str, Category], list[Finding]] = {}
    conflicts: list[Conflict] = []
    for category in Category:
        part = category.part
        claimants: dict[str, list[str]] = {}
        for centre in assessment.centres:
            for code in _unique_claims(centre, category, notes.setdefault((centre.id, category), [])):
                claimants.setdefault(code, []).append(centre.id)
        for code, centre_ids in claimants.items():
            owner = owners.get((category, code))
            winners = centre_ids
            if len(centre_ids) > 1 and owner is None:
                # 000 第十条: the same company may not be claimed by several centres.
                conflicts.append(Conflict(category, code, tuple(centre_ids)))
                text = f"{category.label} {code} 同时被 {'、'.join(centre_ids)} 申报，均不计入"
                for centre_id in centre_ids:
                    notes.setdefault((centre_id, category), []).append(Finding(part, CLAUSES["conflict"], text))
                continue
            if owner is not None and (len(centre_ids) > 1 or settings.assignments_bind_single_claims):
                # 000 第十条: the city's assignment decides who alone counts it.
                winners = [owner] if owner in centre_ids else []
                text = f"{category.label} {code} 已归口至 {owner}，本中心不计入"
                for centre_id in centre_ids:
                    if centre_id != owner:
                        notes.setdefault((centre_id, category), []).append(Finding(part, CLAUSES["conflict"], text))
            for centre_id in winners:
                counted.setdefault((centre_id, category), []).append(code)
    _exclude_growth_overlaps(assessment, counted, notes)
    return ClaimResolution(
        counted={key: tuple(codes) for key, codes in counted.items()},
        notes={key: tuple(found) for key, found in notes.items() if found},
        conflicts=tuple(conflicts),
    )


def _unique_claims(centre: Centre, category: Category, notes: list[Finding]) -> list[str]:
    """Return the centre's codes in CATEGORY, each once."""
    unique: dict[str, None] = {}
    for code in centre.claims(category):
        if code in unique:
            # The same company listed twice is still one company.
            notes.append(Finding(category.part, CLAUSES[category.part], f"{category.label} {code} 重复列出，只计 1 家"))
            continue
        unique[code] = None
    return list(unique)


def _exclude_growth_overlaps(assessment: Assessment, counted: dict, notes: dict) -> None:
    """Drop growth companies the same centre also claims as 破零 or 倍增."""
    for centre in assessment.centres:
        key = (centre.id, Category.GROWTH10)
        others = {Category.FIRST_TRADE: set(centre.first_trade), Category.DOUBLED: set(centre.doubled)}
        kept = []
        for code in counted.get(key, []):
            overlap = [category.label for category, codes in others.items() if code in codes]
            if overlap:
                # 000 第九条（二）4: 与破零、倍增企业不得有重复.
                text = f"{Category.GROWTH10.label} {code} 同为本中心申报的{'、'.join(overlap)}，不计入"
                notes.setdefault(key, []).append(Finding("R4", CLAUSES["R4"], text))
            else:
                kept.append(code)
        if key in counted:
            counted[key] = kept


def score_claims(centre_id: str, category: Category, resolution: ClaimResolution, settings: HubeiSettings) -> PartScore:
    """Score R2–R5: one point per counted company up to the full marks."""
    part = category.part
    counted = len(resolution.codes(centre_id, category))
    full = settings.full_marks(category)
    # 000 第九条（二）2–5: 每少 1 家扣 1 分.
    points = min(full, counted)
    findings: list[Finding] = []
    missing: list[str] = []
    if counted < full:
        short = full - counted
        findings.append(Finding(part, CLAUSES[part], f"{category.label} {counted} 家，少 {short} 家，扣 {short} 分"))
        missing.append(f"还需 {short} 家{category.label}")
    findings.extend(resolution.notes.get((centre_id, category), ()))
    return PartScore(part, Decimal(points), tuple(findings), tuple(missing))

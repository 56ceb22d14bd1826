"""The Hubei centre assessment as data: inputs, settings and results (seeds 000, 001)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from app.centres.rules.common import Finding, round_half_up

# 000 第九条（二）6: the 14 service items the platform records.
SERVICE_ITEMS = (
    "咨询", "培训", "备案", "审证", "制单", "结汇", "退税",
    "外贸保险", "报关", "报检", "物流", "翻译", "认证", "外贸代理",
)

PART_NAMES = ("S1", "S2", "S3", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "B1", "B2", "B3", "bonus")

CLAUSES = {
    "S1": "000 第九条（一）1",
    "S2": "000 第九条（一）2",
    "S3": "000 第九条（一）3",
    "R1": "000 第九条（二）1",
    "R2": "000 第九条（二）2",
    "R3": "000 第九条（二）3",
    "R4": "000 第九条（二）4",
    "R5": "000 第九条（二）5",
    "R6": "000 第九条（二）6",
    "R7": "000 第九条（二）6",
    "B1": "000 第九条（三）1",
    "B2": "000 第九条（三）2",
    "B3": "000 第九条（三）3",
    "bonus": "000 第六条",
    "conflict": "000 第十条",
    "duplicate": "000 第十一条",
}


class Level(Enum):
    """The level of the park the centre serves."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"

    @property
    def label(self) -> str:
        """Return the Chinese name of the level."""
        return "国家级" if self is Level.NATIONAL else "省级"


class Rating(Enum):
    """A client's evaluation of one service."""

    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"


class Category(Enum):
    """The kinds of companies a centre claims (000 第九条（二）2–5, 第十条)."""

    REGISTERED = "registered"
    FIRST_TRADE = "first_trade"
    GROWTH10 = "growth10"
    DOUBLED = "doubled"

    @property
    def part(self) -> str:
        """Return the score part this category feeds."""
        return {"registered": "R2", "first_trade": "R3", "growth10": "R4", "doubled": "R5"}[self.value]

    @property
    def label(self) -> str:
        """Return the Chinese name of the companies."""
        return {
            "registered": "外贸资质备案新增企业",
            "first_trade": "破零企业",
            "growth10": "进出口额增幅 10% 以上企业",
            "doubled": "倍增企业",
        }[self.value]


# The stored values' names, for pages, forms and files.
LEVEL_LABELS = {level.value: level.label for level in Level}
CATEGORY_LABELS = {category.value: category.label for category in Category}


class Grade(Enum):
    """The four grades of 001 第十二条（三）(1)."""

    EXCELLENT = "优秀"
    GOOD = "良好"
    FAIR = "一般"
    POOR = "较差"


@dataclass(frozen=True)
class Training:
    """One training the centre held and how many companies attended."""

    companies: int
    day: date | None = None


@dataclass(frozen=True)
class ServiceRecord:
    """One service entered on the 楚贸通 platform."""

    client: str
    item: str
    matter: str
    requested: date
    evaluated: date | None = None
    rating: Rating | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """Return what makes two records duplicates (000 第十一条)."""
        return (self.client, self.item, self.matter)

    def rated_within(self, days: int) -> bool:
        """Tell whether the client rated the service within DAYS of the request."""
        if self.rating is None or self.evaluated is None:
            return False
        return (self.evaluated - self.requested).days <= days


@dataclass(frozen=True)
class Centre:
    """One centre's year as the commerce department records it."""

    id: str
    name: str = ""
    level: Level = Level.PROVINCIAL
    fixed_office: bool = False
    staff: int = 0
    meetings: int = 0
    complaints: int = 0
    harmful_acts: int = 0
    praises: int = 0
    trainings: tuple[Training, ...] = ()
    registered: tuple[str, ...] = ()
    first_trade: tuple[str, ...] = ()
    growth10: tuple[str, ...] = ()
    doubled: tuple[str, ...] = ()
    services: tuple[ServiceRecord, ...] = ()

    def claims(self, category: Category) -> tuple[str, ...]:
        """Return the codes the centre claims in CATEGORY, as listed."""
        return getattr(self, category.value)


@dataclass(frozen=True)
class Assignment:
    """The city gives the company CODE of CATEGORY to one centre (000 第十条)."""

    category: Category
    code: str
    centre_id: str


@dataclass(frozen=True)
class Assessment:
    """Every centre of one year, with the city's assignments."""

    year: int | None
    centres: tuple[Centre, ...]
    assignments: tuple[Assignment, ...] = ()


@dataclass(frozen=True)
class HubeiSettings:
    """The numbers of the rules, and the readings where the documents are silent."""

    office_points: int = 6  # 000 第九条（一）1
    office_deduction: int = 3
    staff_deduction: int = 3
    national_min_staff: int = 5
    provincial_min_staff: int = 3
    meeting_points: int = 5  # 000 第九条（一）2
    min_meetings: int = 2
    conduct_points: int = 5  # 000 第九条（一）3
    training_points: int = 8  # 000 第九条（二）1
    trainings_required: int = 2
    training_deduction: int = 4
    min_training_companies: int = 30
    registered_full: int = 10  # 000 第九条（二）2–5: one point per company
    first_trade_full: int = 10
    growth10_full: int = 10
    doubled_full: int = 5
    coverage_points: Decimal = Decimal(7)  # 000 第九条（二）6
    coverage_deduction: Decimal = Decimal("0.5")
    volume_points: Decimal = Decimal(24)
    volume_full: int = 480
    volume_deduction: Decimal = Decimal("0.1")
    # 000 第九条（三）1, reading "500（含）" over "超过 500 条": (at least, points).
    volume_bonus_tiers: tuple[tuple[int, int], ...] = ((800, 3), (600, 2), (500, 1))
    praise_cap: int = 5  # 000 第九条（三）2
    evaluation_days: int = 30  # 000 第九条（三）3: evaluated − requested ≤ 30 days
    evaluation_tiers: tuple[tuple[Decimal, int], ...] = (
        (Decimal(1), 4), (Decimal("0.8"), 3), (Decimal("0.6"), 2),
    )
    bonus_cap: int = 10  # 000 第六条
    # Readings where the documents are silent:
    duplicates_void_whole_item: bool = True  # 000 第十一条 "该项目" = the service item
    dissatisfied_in_void_records_count: bool = False  # void data is cancelled for B3 too
    assignments_bind_single_claims: bool = False  # assignments settle conflicts only
    default_level: Level = Level.PROVINCIAL
    # 001 第十二条（三）: the documents name the grades but not their thresholds.
    excellent_from: Decimal = Decimal(90)
    good_from: Decimal = Decimal(80)
    fair_from: Decimal = Decimal(60)
    # 001 第十一条: yearly support in 万元.
    national_support: Decimal = Decimal(40)
    provincial_support: Decimal = Decimal(30)
    contract_years: int = 3  # 001 第十条（三）
    poor_years_to_revoke: int = 2  # 001 第十二条（三）(2)
    # 001 第六条、第七条: recognition minimums.
    national_min_floor: Decimal = Decimal(80)
    provincial_min_floor: Decimal = Decimal(50)
    national_min_experienced: int = 2
    provincial_min_experienced: int = 1
    min_customs_declarants: int = 1
    min_linguists: int = 1

    def min_staff(self, level: Level) -> int:
        """Return the staff a centre of LEVEL needs."""
        return self.national_min_staff if level is Level.NATIONAL else self.provincial_min_staff

    def full_marks(self, category: Category) -> int:
        """Return the full points of CATEGORY's part."""
        return getattr(self, f"{category.value}_full")


@dataclass(frozen=True)
class Conflict:
    """A company claimed in one category by several centres (000 第十条)."""

    category: Category
    code: str
    centre_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        """Return the conflict as plain data."""
        return {"category": self.category.value, "code": self.code, "centres": list(self.centre_ids)}


@dataclass(frozen=True)
class CentreScore:
    """A centre's score, part by part, with its reasons."""

    id: str
    name: str
    parts: tuple[tuple[str, Decimal], ...]
    total: Decimal
    grade: Grade
    findings: tuple[Finding, ...] = ()
    missing: tuple[str, ...] = ()

    def part(self, name: str) -> Decimal:
        """Return the points of the part NAME."""
        return dict(self.parts)[name]

    def to_dict(self) -> dict:
        """Return the score as plain data, every number rounded half up to 2 places."""
        return {
            "id": self.id,
            "total": round_half_up(self.total),
            "grade": self.grade.value,
            "parts": {name: round_half_up(points) for name, points in self.parts},
            "findings": [finding.to_dict() for finding in self.findings],
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class AssessmentResult:
    """The scores of every centre of one year and the conflicts between them."""

    year: int | None
    centres: tuple[CentreScore, ...]
    conflicts: tuple[Conflict, ...] = field(default=())

    def to_dict(self) -> dict:
        """Return the result as plain data."""
        return {
            "year": self.year,
            "centres": [centre.to_dict() for centre in self.centres],
            "conflicts": [conflict.to_dict() for conflict in self.conflicts],
        }

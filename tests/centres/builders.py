"""Small makers of centres, service records and input documents for the centre tests."""

from datetime import date, timedelta
from decimal import Decimal

from app.centres.rules.hubei import score_assessment
from app.centres.rules.hubei_model import (
    SERVICE_ITEMS,
    Assessment,
    Centre,
    CentreScore,
    Level,
    Rating,
    ServiceRecord,
    Training,
)

START = date(2024, 3, 1)


def records(count: int, items: tuple[str, ...] = SERVICE_ITEMS, rated: int | None = None,
            rating: Rating = Rating.SATISFIED, client: str = "企业") -> tuple[ServiceRecord, ...]:
    """Make COUNT distinct records cycling through ITEMS; the first RATED are rated on time."""
    rated = count if rated is None else rated
    made = []
    for number in range(count):
        on_time = number < rated
        made.append(ServiceRecord(
            client=f"{client}{number}",
            item=items[number % len(items)],
            matter=f"事项{number}",
            requested=START,
            evaluated=START + timedelta(days=10) if on_time else None,
            rating=rating if on_time else None,
        ))
    return tuple(made)


def codes(prefix: str, count: int) -> tuple[str, ...]:
    """Make COUNT company codes."""
    return tuple(f"{prefix}{number:04d}" for number in range(count))


def full_centre(**overrides) -> Centre:
    """Make a centre that earns every base point (90) and no bonus beyond B3's 4."""
    own = overrides.get("id", "C1")
    fields = dict(
        id=own, name="示范中心", level=Level.NATIONAL, fixed_office=True, staff=5, meetings=2,
        trainings=(Training(30, date(2024, 4, 10)), Training(45, date(2024, 9, 1))),
        registered=codes(f"91{own}R", 10), first_trade=codes(f"{own}F", 10),
        growth10=codes(f"{own}G", 10), doubled=codes(f"{own}D", 5),
        services=records(480),
    )
    fields.update(overrides)
    return Centre(**fields)


def score_one(centre: Centre | None = None, **overrides) -> CentreScore:
    """Score one centre alone."""
    centre = centre or full_centre(**overrides)
    return score_assessment(Assessment(2024, (centre,))).centres[0]


def points(score: CentreScore, part: str) -> Decimal:
    """Return the points of PART."""
    return score.part(part)


def service_doc(count: int, items: tuple[str, ...] = SERVICE_ITEMS) -> list[dict]:
    """Make COUNT service records as JSON, all rated satisfied within 30 days."""
    return [
        {"client": f"企业{n}", "item": items[n % len(items)], "matter": f"事项{n}",
         "requested": "2024-05-01", "evaluated": "2024-05-20", "rating": "satisfied"}
        for n in range(count)
    ]


def centre_doc(**overrides) -> dict:
    """Make one centre as the JSON input carries it, full marks in the base parts."""
    document = {
        "id": "C1", "name": "武汉经开区外贸综合服务中心", "level": "national", "fixed_office": True,
        "staff": 5, "meetings": 2, "complaints": 0, "praises": 1,
        "trainings": [{"date": "2024-04-10", "companies": 32}, {"date": "2024-10-10", "companies": 30}],
        "registered": list(codes("91420100", 10)), "first_trade": list(codes("4201F", 10)),
        "growth10": list(codes("4201G", 10)), "doubled": list(codes("4201D", 5)),
        "services": service_doc(480),
    }
    document.update(overrides)
    return document


def contract_document():
    one = centre_doc(
        first_trade=list(codes("F", 7)), praises=1,
        services=service_doc(443, items=tuple(i for i in service_doc_items() if i not in ("报检", "翻译"))),
        growth10=list(codes("C1G", 9)) + ["SHARED"],
    )
    two = {"id": "C2", "growth10": ["SHARED", "ASSIGNED"]}
    three = {"id": "C3", "level": "provincial", "growth10": ["ASSIGNED"]}
    return {"year": 2024, "assignments": {"growth10": {"ASSIGNED": "C3"}}, "centres": [one, two, three]}


def service_doc_items():
    from app.centres.rules.hubei_model import SERVICE_ITEMS

    return SERVICE_ITEMS

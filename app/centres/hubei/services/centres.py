"""The centres themselves: list, find, create, change, delete."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.centres.models import Centre
from app.centres.rules.hubei_checks import centre_problems, clean_centre
from app.centres.rules.hubei_drafts import CentreDraft
from app.domain.errors import DomainError, Problem
from app.extensions import db
from app.models import Unit
from app.services import transaction


def visible(centre: Centre, unit_ids: frozenset[int] | None) -> bool:
    """Whether a user limited to UNIT_IDS (None: every unit) sees the centre; a centre without a unit is everyone's."""
    return unit_ids is None or centre.unit_id is None or centre.unit_id in unit_ids


def list_centres(unit_ids: frozenset[int] | None = None) -> list[Centre]:
    """The centres the units cover (None: all), by code."""
    centres = db.session.scalars(select(Centre).options(selectinload(Centre.unit)).order_by(Centre.code))
    return [centre for centre in centres if visible(centre, unit_ids)]


def get_centre(centre_id: int) -> Centre | None:
    return db.session.get(Centre, centre_id)


def find_centre(code: str) -> Centre | None:
    return db.session.scalar(select(Centre).where(Centre.code == code))


def _check_centre(draft: CentreDraft) -> CentreDraft:
    draft = clean_centre(draft)
    problems = centre_problems(draft)
    if draft.unit_id is not None and db.session.get(Unit, draft.unit_id) is None:
        problems.append(Problem("unit_id", "所选单位不存在"))
    if problems:
        raise DomainError(problems)
    return draft


def _apply(centre: Centre, draft: CentreDraft) -> None:
    centre.code, centre.name, centre.level = draft.code, draft.name, draft.level
    centre.park, centre.company, centre.note = draft.park, draft.company, draft.note
    centre.contract_start, centre.contract_end, centre.unit_id = draft.contract_start, draft.contract_end, draft.unit_id


def create_centre(draft: CentreDraft) -> Centre:
    """Create a centre; its code must be new."""
    draft = _check_centre(draft)
    with transaction():
        if find_centre(draft.code) is not None:
            raise DomainError(f"中心编号 {draft.code} 已存在", "code")
        centre = Centre()
        _apply(centre, draft)
        db.session.add(centre)
    return centre


def update_centre(centre: Centre, draft: CentreDraft) -> Centre:
    """Change a centre's particulars; its code stays unique."""
    draft = _check_centre(draft)
    with transaction():
        other = find_centre(draft.code)
        if other is not None and other.id != centre.id:
            raise DomainError(f"中心编号 {draft.code} 已存在", "code")
        _apply(centre, draft)
    return centre


def delete_centre(centre: Centre) -> None:
    """Delete a centre with its evidence, service records and assignments."""
    with transaction():
        db.session.delete(centre)

"""Who may do what: roles, permissions and their unit scope, in one place.

GB/T 22239-2019 level 3 asks for access control by role and least privilege, and for
separation of duties: the administrator manages accounts and units but sees no budget
data unless also given a budget role; the auditor reads everything and changes nothing.
Views ask ``allows`` (through ``app.views.guards``); nothing else decides access.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    ADMIN = "admin"
    OPERATOR = "operator"  # a centre's operator (承办企业): reports for its one centre (issue 16)


ROLE_LABELS = {
    Role.OFFICER: "填报", Role.REVIEWER: "审核", Role.AUDITOR: "审计", Role.ADMIN: "管理员", Role.OPERATOR: "承办",
}


class Permission(StrEnum):
    SIGNED_IN = "signed_in"  # one's own account: logout, password, the front page, the target parser
    PROJECT_READ = "project.read"  # lists, target tables, history, Word exports
    PROJECT_EDIT = "project.edit"  # create, edit, delete, copy, import
    PROJECT_SUBMIT = "project.submit"
    PROJECT_REVIEW = "project.review"  # approve, return, reopen
    QUEUE_READ = "queue.read"  # the list of submitted projects waiting for review
    UNIT_READ = "unit.read"
    UNIT_MANAGE = "unit.manage"
    USER_READ = "user.read"
    USER_MANAGE = "user.manage"
    AUDIT_READ = "audit.read"  # the whole audit trail and its CSV
    CENTRE_READ = "centre.read"  # Hubei service centres: scores, ranking, exports
    CENTRE_EDIT = "centre.edit"  # a centre, its year's evidence and service records
    CENTRE_REVIEW = "centre.review"  # 市州审核/省厅核准 of centre applications (issue 16)
    CENTRE_REPORT = "centre.report"  # a centre's weekly reports, by its operator (issue 16)


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset({Permission.PROJECT_READ, Permission.PROJECT_EDIT, Permission.PROJECT_SUBMIT}),
    Role.REVIEWER: frozenset({Permission.PROJECT_READ, Permission.PROJECT_REVIEW, Permission.QUEUE_READ}),
    Role.AUDITOR: frozenset(
        {Permission.PROJECT_READ, Permission.QUEUE_READ, Permission.UNIT_READ, Permission.USER_READ, Permission.AUDIT_READ}
    ),
    Role.ADMIN: frozenset(
        {Permission.UNIT_READ, Permission.UNIT_MANAGE, Permission.USER_READ, Permission.USER_MANAGE}
    ),
    # Limited to its one centre (app/centres/hubei/lifecycle.operator_centre), not to units.
    Role.OPERATOR: frozenset({Permission.CENTRE_REPORT}),
}

# The centre module (issue 7): 填报 keep their units' centres; 审核 and 审计 read them.
GRANTS[Role.OFFICER] |= {Permission.CENTRE_READ, Permission.CENTRE_EDIT}
GRANTS[Role.REVIEWER] |= {Permission.CENTRE_READ}
GRANTS[Role.AUDITOR] |= {Permission.CENTRE_READ}
# Issue 16: 审核 of a unit review its centres' applications as the 市州; one of every unit as the 省厅.
GRANTS[Role.REVIEWER] |= {Permission.CENTRE_REVIEW}

# 填报 read their own units' settings (the spending-plan months the project form offers);
# only administrators change them (issue 12).
GRANTS[Role.OFFICER] |= {Permission.UNIT_READ}

# Officers and reviewers act on the units assigned to them; auditors and administrators on all.
ALL_UNITS = frozenset({Role.AUDITOR, Role.ADMIN})


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the rules see them."""

    id: int
    roles: frozenset[Role]
    unit_ids: frozenset[int] = field(default_factory=frozenset)


def parse_roles(values) -> frozenset[Role]:
    """Read role names ("officer", …); raise ValueError naming an unknown one."""
    roles = set()
    for value in values:
        try:
            roles.add(Role(str(value).strip()))
        except ValueError:
            raise ValueError(f"未知角色“{value}”，应为 officer、reviewer、auditor、admin 或 operator") from None
    return frozenset(roles)


def role_labels(roles) -> str:
    """The roles in Chinese, in a fixed order: "填报、审核"."""
    held = set(roles)
    return "、".join(ROLE_LABELS[r] for r in Role if r in held)


def allows(principal: Principal | None, permission: Permission, unit_id: int | None = None) -> bool:
    """Whether ``principal`` holds ``permission`` (for ``unit_id`` when one is given)."""
    if principal is None:
        return False
    if permission is Permission.SIGNED_IN:
        return True
    for role in principal.roles:
        if permission in GRANTS[role]:
            if unit_id is None or role in ALL_UNITS or unit_id in principal.unit_ids:
                return True
    return False


def allows_unassigned(principal: Principal | None, permission: Permission, all_unit_ids) -> bool:
    """Whether ``principal`` may do ``permission`` to an object of no unit (a centre or region not yet placed).

    Such an object is the department's: only a user who holds ``permission`` over every unit
    (``all_unit_ids``) acts on it, not every officer of some unit.
    """
    if not allows(principal, permission):
        return False
    scope = visible_units(principal, permission)
    return scope is None or scope >= frozenset(all_unit_ids)


def visible_units(principal: Principal, permission: Permission) -> frozenset[int] | None:
    """The units ``permission`` covers for ``principal``: None means every unit."""
    units: set[int] = set()
    for role in principal.roles:
        if permission in GRANTS[role]:
            if role in ALL_UNITS:
                return None
            units |= principal.unit_ids
    return frozenset(units)


def sees_budget_data(principal: Principal) -> bool:
    """Administrators alone see no projects; any budget role does."""
    return allows(principal, Permission.PROJECT_READ)

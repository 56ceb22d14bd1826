"""Accounts: create, sign in (with lockout), change and reset passwords, roles and units."""

import datetime
import re
import secrets
from dataclasses import dataclass, replace

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.security import check_password_hash, generate_password_hash

from app.domain.access import Principal, Role, parse_roles
from app.domain.errors import DomainError, Problem
from app.domain.passwords import MAX_LENGTH, password_problems
from app.extensions import db
from app.models import Unit, User
from app.models.types import utcnow
from app.services import audit, conflicts, sessions, tokens, transaction

NAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")

DEMO_ACCOUNTS = (
    ("officer", Role.OFFICER, "演示填报员"),
    ("reviewer", Role.REVIEWER, "演示审核员"),
    ("auditor", Role.AUDITOR, "演示审计员"),
    ("admin", Role.ADMIN, "演示管理员"),
)


class LoginError(DomainError):
    """A sign-in was refused; the message says why without telling which part was wrong."""


def principal(user: User | None) -> Principal | None:
    """The user as the access rules see them."""
    if user is None:
        return None
    return Principal(user.id, parse_roles(user.roles), frozenset(u.id for u in user.units))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def find_user(name: str) -> User | None:
    return db.session.scalar(select(User).where(User.name == (name or "").strip()))


def load_session_user(token: str) -> User | None:
    """The user a session cookie names, if that session is still valid (same password, active)."""
    user_id, _, session_token = (token or "").partition(":")
    if not user_id.isdigit() or not session_token:
        return None
    user = db.session.scalar(select(User).where(User.id == int(user_id)).options(selectinload(User.units)))
    if user is None or not user.active or not secrets.compare_digest(user.session_token, session_token):
        return None
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).options(selectinload(User.units)).order_by(User.name)))


# Printed passwords are read off a screen and typed: no look-alikes (0/O, 1/l/I) and only
# symbols that no shell, URL or keyboard layout treats specially.
_LOWER, _UPPER, _DIGITS, _SYMBOLS = "abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_"


def generate_password(length: int = 14) -> str:
    """A random password that satisfies the policy (all four character classes, about 80 bits)."""
    groups = (_LOWER, _UPPER, _DIGITS, _SYMBOLS)
    alphabet = "".join(groups)
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if not password_problems(password) and all(any(c in group for c in password) for group in groups):
            return password


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["JIXIAO_PASSWORD_HASH"])


def _check_policy(password: str, name: str, field: str = "password") -> None:
    problems = password_problems(password, name=name)
    if problems:
        raise DomainError([Problem(field, message) for message in problems])


def _check_account(name: str, roles) -> frozenset[Role]:
    if not NAME.match(name or ""):
        raise DomainError("用户名应为 2 至 64 位字母、数字或 . _ -", "name")
    try:
        parsed = parse_roles(roles)
    except ValueError as err:
        raise DomainError(str(err), "roles") from None
    if not parsed:
        raise DomainError("请至少选择一个角色", "roles")
    if Role.ADMIN in parsed and len(parsed) > 1:
        # GB/T 22239-2019 8.1.4.2 (三员分立): the administrator manages accounts and units only.
        raise DomainError("管理员只管理用户和单位，不能同时担任填报、审核或审计角色", "roles")
    if Role.OPERATOR in parsed and len(parsed) > 1:
        # 承办 is the centre's operating company, outside the bureau: it reports for its one centre and
        # holds no bureau role (it would otherwise read and act on units through them).
        raise DomainError("承办企业账号只填报本中心周报，不能同时担任填报、审核、审计或管理员角色", "roles")
    return parsed


def _units(unit_ids=(), unit_codes=()) -> list[Unit]:
    units = []
    if unit_ids:
        units += list(db.session.scalars(select(Unit).where(Unit.id.in_(list(unit_ids)))))
        if len(units) != len(set(unit_ids)):
            raise DomainError("所选单位不存在", "units")
    for code in unit_codes:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            raise DomainError(f"单位编码 {code} 不存在", "units")
        units.append(unit)
    return sorted(set(units), key=lambda u: u.code)


def _roles_text(roles) -> str:
    return ",".join(r.value for r in Role if r in set(roles))


def create_user(
    name: str,
    roles,
    *,
    unit_ids=(),
    unit_codes=(),
    display_name: str = "",
    password: str | None = None,
    must_change: bool | None = None,
) -> tuple[User, str]:
    """Create an account; without ``password`` a random one is made, to be changed at first sign-in.

    Returns the user and the password (to show once).
    """
    name = (name or "").strip()
    parsed = _check_account(name, roles)
    if password is None:
        password = generate_password()
        must_change = True if must_change is None else must_change
    else:
        _check_policy(password, name)
        must_change = False if must_change is None else must_change
    with transaction():
        if find_user(name) is not None:
            raise DomainError(f"用户名 {name} 已存在", "name")
        user = User(
            name=name,
            display_name=(display_name or "").strip(),
            password_hash=_hash(password),
            roles_text=_roles_text(parsed),
            must_change_password=must_change,
            active=True,
            failed_logins=0,
            session_token=secrets.token_hex(16),
        )
        user.units = _units(unit_ids, unit_codes)
        db.session.add(user)
    return user, password


def update_user(
    user: User, *, roles, unit_ids, active: bool, display_name: str, by: User | None = None,
    version: str | int | None = None, seen: str | int | None = None,
) -> User:
    """Change an account's roles, units, name shown and whether it may sign in.

    Deactivating an account ends its sessions and revokes its live API tokens (recorded), in the
    same transaction; reactivating it later gives it neither back.

    ``version`` (and ``seen``), from the account's page: refused with who changed what when the
    account was saved by someone else since the page was opened (``app.services.conflicts``).
    """
    parsed = _check_account(user.name, roles)
    if by is not None and by.id == user.id:
        if not active:
            raise DomainError("不能停用自己的账户", "active")
        if Role.ADMIN not in parsed:
            raise DomainError("不能取消自己的管理员角色", "roles")
        if parsed != parse_roles(user.roles):
            raise DomainError("不能更改自己的角色，请由另一位管理员办理", "roles")
    if Role.ADMIN in parsed and Role.ADMIN not in parse_roles(user.roles):
        if by is not None and Role.ADMIN not in parse_roles(by.roles):
            raise DomainError("只有管理员可以授予管理员角色", "roles")
    try:
        with transaction():
            if version is not None:
                conflicts.check(user, version, seen, f"用户 {user.name}")
            before = (user.roles_text, [u.id for u in user.units], user.display_name, user.active)
            user.roles_text = _roles_text(parsed)
            user.units = _units(unit_ids)
            user.display_name = (display_name or "").strip()
            ended = user.active and not active
            if ended:
                user.session_token = secrets.token_hex(16)  # signed-in sessions end now
                # and the API tokens for good: reactivating a departed account must not wake its pushes
                tokens.revoke_live(user, "停用账户时吊销")
            user.active = bool(active)
            if (user.roles_text, [u.id for u in user.units], user.display_name, user.active) != before:
                conflicts.bump(user)
    except StaleDataError:  # saved by someone else between our read and our write
        raise conflicts.conflict(user, conflicts.parse_int(seen), f"用户 {user.name}") from None
    if ended:
        sessions.end_all(user.id)
    return user


def end_sessions(user: User) -> int:
    """An administrator ends every session of ``user`` at once and revokes their live API tokens
    (recorded); return how many tokens were revoked."""
    with transaction():
        user.session_token = secrets.token_hex(16)
        audit.record("end_sessions", user, comment="结束全部登录会话")
        revoked = tokens.revoke_live(user, "结束全部会话时吊销")
    sessions.end_all(user.id)
    return revoked


@dataclass(frozen=True)
class LoginPolicy:
    attempts: int
    lock: datetime.timedelta


def _policy() -> LoginPolicy:
    config = current_app.config
    return LoginPolicy(config["JIXIAO_LOCK_ATTEMPTS"], datetime.timedelta(minutes=config["JIXIAO_LOCK_MINUTES"]))


# A hash to compare against when the name is unknown, so both cases cost one hash check.
_DUMMY: dict[str, str] = {}
WRONG = "用户名或密码错误"


def _dummy_hash() -> str:
    """One hash per hashing method, computed once: an unknown name costs what a known one does."""
    method = current_app.config["JIXIAO_PASSWORD_HASH"]
    if method not in _DUMMY:
        _DUMMY[method] = _hash(secrets.token_hex(8))
    return _DUMMY[method]


def authenticate(name: str, password: str) -> User:
    """Check a sign-in; record it, count failures and lock the account after too many.

    Raises LoginError with the message to show. Every refusal for a wrong name or password
    reads the same ("用户名或密码错误"), whether the account exists, is locked or has just
    been locked; a lock or a deactivation is told only after the right password. Every
    attempt checks exactly one hash, but for a password longer than any the policy allows:
    it is a failed sign-in like any wrong password (recorded, counted towards the lock) whose
    refusal names the limit, whatever the name, and nothing is hashed (its length is the
    attacker's choice, and so would be the work). Commits in every case: a failed attempt and
    a lock must stay recorded.
    """
    name = (name or "").strip()[:64]
    password = password or ""
    overlong = len(password) > MAX_LENGTH
    policy = _policy()
    now = utcnow()
    anonymous = audit.current_actor()
    wrong = LoginError(f"密码不能超过 {MAX_LENGTH} 位" if overlong else WRONG, "password" if overlong else "")
    why = f"（密码超过 {MAX_LENGTH} 位，未校验）" if overlong else ""
    with transaction():
        user = db.session.scalar(select(User).where(User.name == name).with_for_update()) if name else None
        claimant = replace(anonymous, id=None, name=name or anonymous.name)
        if overlong:
            correct = False
        else:
            stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
            correct = check_password_hash(stored, password) and user is not None and bool(user.password_hash)
        if user is None:
            audit.record("login_failed", label=name, object_type="User", comment="用户名不存在" + why, actor=claimant)
            failure = wrong
        elif user.locked_until is not None and user.locked_until > now:
            if correct:
                audit.record("login_failed", user, comment="账户已锁定", actor=claimant)
                failure = LoginError(f"账户已锁定，请于 {audit.local_time(user.locked_until)[11:16]} 后再试，或请管理员解锁")
            else:
                audit.record("login_failed", user, comment="账户已锁定，密码错误" + why, actor=claimant)
                failure = wrong
        elif not correct:
            user.failed_logins = (user.failed_logins or 0) + 1
            failure = wrong
            audit.record("login_failed", user, comment=f"密码错误（连续第 {user.failed_logins} 次）{why}", actor=claimant)
            if user.failed_logins >= policy.attempts:
                user.locked_until = now + policy.lock
                user.failed_logins = 0
                audit.record(
                    "lock",
                    user,
                    changes=[["locked_until", None, audit.local_time(user.locked_until)]],
                    comment=f"连续 {policy.attempts} 次密码错误，锁定 {int(policy.lock.total_seconds() // 60)} 分钟",
                    actor=claimant,
                )
        elif not user.active:
            audit.record("login_failed", user, comment="账户已停用", actor=claimant)
            failure = LoginError("账户已停用，请联系管理员")
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            audit.record("login", user, actor=replace(anonymous, id=user.id, name=user.name))
            failure = None
    if failure is not None:
        raise failure
    return user


def record_logout(user: User, reason: str = "logout") -> None:
    """Record that a session ended (``logout``, or ``timeout`` when it was idle too long)."""
    with transaction():
        audit.record(reason, user)


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; other sessions end.

    The user's API tokens stay: like GitHub's personal tokens they serve unattended systems (a
    nightly push) that a routine or first-sign-in change should not break. The user revokes them
    on the token page; an administrator's reset or 结束全部会话 revokes them all.
    """
    if len(current or "") > MAX_LENGTH:  # never hashed: a wrong current password, counted as one
        raise DomainError(f"当前密码不能超过 {MAX_LENGTH} 位", "current")
    if not check_password_hash(user.password_hash, current or ""):
        raise DomainError("当前密码不正确", "current")
    _check_policy(new, user.name, "password")
    if check_password_hash(user.password_hash, new):
        raise DomainError("新密码不能与当前密码相同", "password")
    with transaction():
        audit.note(user, "password")
        user.password_hash = _hash(new)
        user.must_change_password = False
        user.session_token = secrets.token_hex(16)
    sessions.end_all(user.id)


def set_password(user: User, password: str, *, must_change: bool) -> int:
    """Set a password chosen by an administrator or a script (policy checked); as a reset, it ends
    every session and revokes the live API tokens. Return how many tokens were revoked."""
    _check_policy(password, user.name)
    with transaction():
        audit.note(user, "reset_password")
        user.password_hash = _hash(password)
        user.must_change_password = must_change
        user.session_token = secrets.token_hex(16)
        revoked = tokens.revoke_live(user, "重置密码时吊销")
    sessions.end_all(user.id)
    return revoked


@dataclass(frozen=True)
class PasswordReset:
    password: str  # to show once
    tokens_revoked: int  # live API tokens revoked with it


def reset_password(user: User) -> PasswordReset:
    """Give the account a random password it must change at next sign-in, end its sessions and
    revoke its live API tokens (a reset is for a compromised or departed account)."""
    password = generate_password()
    with transaction():
        audit.note(user, "reset_password")
        user.password_hash = _hash(password)
        user.must_change_password = True
        user.session_token = secrets.token_hex(16)
        user.failed_logins = 0
        revoked = tokens.revoke_live(user, "重置密码时吊销")
    sessions.end_all(user.id)
    return PasswordReset(password, revoked)


def unlock(user: User) -> None:
    """Lift a lock before it runs out."""
    with transaction():
        before = audit.local_time(user.locked_until) if user.locked_until else None
        user.locked_until = None
        user.failed_logins = 0
        audit.record("unlock", user, changes=[["locked_until", before, None]])


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def ensure_demo_accounts(units: list[Unit], *, reset: bool = True) -> list[tuple[str, str, str | None]]:
    """Create (or, with ``reset``, reset) one account per role; return (name, role label, new password) for each.

    A reset gives each demo account a new random password, so the printout is usable; the
    accounts need not change it at first sign-in. Without ``reset`` an existing account is
    left exactly as it is (its password is None in the result): a rerun of ``jixiao demo``
    does not sign anyone out.
    """
    from app.domain.access import ROLE_LABELS

    issued: list[tuple[str, str, str | None]] = []
    unit_ids = [unit.id for unit in units]
    for name, role, display in DEMO_ACCOUNTS:
        if not reset and find_user(name) is not None:
            issued.append((name, ROLE_LABELS[role], None))
            continue
        password = generate_password()
        scoped = role in (Role.OFFICER, Role.REVIEWER)
        with transaction():
            assigned = _units(unit_ids) if scoped else []
            user = find_user(name)
            if user is None:
                user = User(name=name, session_token=secrets.token_hex(16), failed_logins=0, password_hash="")
                db.session.add(user)
            else:
                audit.note(user, "reset_password", "jixiao demo")
            user.display_name = display
            user.roles_text = role.value
            user.units = assigned
            user.password_hash = _hash(password)
            user.must_change_password = False
            user.active = True
            user.locked_until = None
            user.failed_logins = 0
            user.session_token = secrets.token_hex(16)
        issued.append((name, ROLE_LABELS[role], password))
    return issued

"""Personal API tokens: make one (shown once), list, revoke, and check a bearer token.

A token is ``jx_<id>_<secret>``: the id finds the row, the secret is 32 random bytes of
which only the SHA-256 is stored (a random secret needs no slow hash). It acts for its user
with at most the user's rights; a ``read`` token changes nothing. Making and revoking one
are recorded in the audit trail against the user.
"""

import datetime
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.audit import UPDATE
from app.domain.errors import DomainError
from app.domain.projects import Problem
from app.extensions import db
from app.models import User
from app.models.tokens import ApiToken
from app.models.types import utcnow
from app.services import audit, transaction

PREFIX = "jx_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
_FORMAT = re.compile(r"jx_(\d{1,18})_([A-Za-z0-9_-]{20,100})")


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"


SCOPE_LABELS = {Scope.READ: "只读", Scope.WRITE: "读写"}


class TokenError(Exception):
    """A bearer token that does not authenticate: the message says why, in Chinese."""


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    text: str  # the whole bearer token: shown once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def create(user: User, name: str, scope: str, days: int | None = DEFAULT_DAYS) -> Issued:
    """Make a token for ``user``; DomainError names a bad field (name, scope, days)."""
    name = (name or "").strip()
    problems = []
    if not name:
        problems.append(("name", "请填写令牌名称（用途）"))
    elif len(name) > 100:
        problems.append(("name", "令牌名称不能超过 100 字"))
    if scope not in {s.value for s in Scope}:
        problems.append(("scope", "权限范围应为 read（只读）或 write（读写）"))
    days = DEFAULT_DAYS if days is None else days
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        problems.append(("days", f"有效期应为 1 至 {MAX_DAYS} 天"))
    if problems:
        raise DomainError([Problem(field, message) for field, message in problems])
    secret = secrets.token_urlsafe(32)
    with transaction():
        token = ApiToken(
            user_id=user.id, name=name, scope=scope, secret_hash=_digest(secret),
            expires_at=utcnow() + datetime.timedelta(days=days),
        )
        token.user = user
        db.session.add(token)
        db.session.flush()  # the id is part of the token text
    return Issued(token, f"{PREFIX}{token.id}_{secret}")


def get(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, so they can be told apart)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def all_tokens() -> list[ApiToken]:
    """Every user's tokens, for the administrator, newest first."""
    return list(db.session.scalars(select(ApiToken).options(selectinload(ApiToken.user)).order_by(ApiToken.id.desc())))


def revoke(token: ApiToken) -> None:
    """Revoke a token at once (revoking it again changes nothing)."""
    if token.revoked_at is not None:
        return
    with transaction():
        token.revoked_at = utcnow()


def revoke_live(user: User, reason: str) -> int:
    """Revoke every live token of ``user`` inside the caller's transaction; return how many.

    An administrator's password reset or 结束全部会话 is the emergency brake on a compromised or
    departed account: the tokens stop with the sessions. Each revocation is recorded as a
    revoke from the token page is (``revoked_at`` set), with ``reason`` as its comment.
    Expired and already revoked tokens are left as they are.
    """
    now = utcnow()
    live = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
    ).all()
    for token in live:
        audit.note(token, UPDATE, reason)
        token.revoked_at = now
    return len(live)


def state(token: ApiToken, now: datetime.datetime | None = None) -> str:
    """有效, 已撤销 or 已过期."""
    if token.revoked_at is not None:
        return "已撤销"
    if token.expires_at <= (now or utcnow()):
        return "已过期"
    return "有效"


def authenticate(text: str) -> ApiToken:
    """The live token ``text`` stands for, with its user; TokenError says why it does not."""
    match = _FORMAT.fullmatch((text or "").strip())
    if match is None:
        raise TokenError("令牌格式有误：应为 Authorization: Bearer jx_…")
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.id == int(match[1])).options(selectinload(ApiToken.user).selectinload(User.units))
    )
    # The same answer for an unknown id and a wrong secret; the digest is compared in constant time.
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(match[2])):
        raise TokenError("令牌无效")
    if not token.user.active:  # first: a deactivated account's tokens are revoked too, this says why
        raise TokenError("令牌所属账户已停用")
    if token.revoked_at is not None:
        raise TokenError("令牌已撤销")
    if token.expires_at <= utcnow():
        raise TokenError("令牌已过期")
    return token

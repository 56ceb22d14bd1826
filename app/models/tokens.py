"""Personal API tokens: a user's bearer credentials for ``/api/v1/``.

Only the SHA-256 of the token's random secret is stored; the token itself is shown once,
when it is made. A token acts for its user with at most the user's own rights: ``read``
tokens only read, ``write`` tokens also change what the user's roles allow.
"""

import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.accounts import User
from app.models.audit_info import AuditInfo
from app.models.types import Timestamp


class ApiToken(db.Model):
    __tablename__ = "api_token"
    __audit__ = AuditInfo(parent="user")  # recorded against its user (was recorder.PARENTS)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # what the user calls it: "国库支付夜间推送"
    scope: Mapped[str] = mapped_column(String(8))  # "read" or "write" (app.services.tokens.Scope)
    secret_hash: Mapped[str] = mapped_column(String(64))  # hex SHA-256 of the random secret
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[Timestamp]

    # The parent's side cascades the deletion through the ORM, so the audit trail records it.
    user: Mapped[User] = relationship(backref=backref("api_tokens", cascade="all"))

    @property
    def label(self) -> str:
        return f"jx_{self.id} {self.name}"

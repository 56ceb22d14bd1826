"""Accounts: who signs in, with which roles, for which units."""

import datetime
import secrets

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.access import role_labels
from app.extensions import db
from app.models.audit_info import AuditInfo
from app.models.types import Timestamp
from app.models.units import Unit

user_unit = Table(
    "user_unit",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True),
)


class User(db.Model):
    """An account. Never deleted (the audit trail names it): deactivated instead."""

    __tablename__ = "user_account"
    __audit__ = AuditInfo(edit_family=("User", "id", frozenset({"User"})), 
        label=lambda o: o.name,
        # Counters and bookkeeping of a sign-in; the sign-in itself is recorded as an event.
        # The lock and unlock are events of their own (with the time), see app.services.accounts.
        hidden=frozenset({"failed_logins", "last_login_at", "session_token", "locked_until", "version"}),
        values={"roles_text": lambda value: role_labels(r for r in (value or "").split(",") if r)},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    roles_text: Mapped[str] = mapped_column(String(100), default="")  # "officer,reviewer": app.domain.access.Role
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    # Changed with the password: every session signed in before it ends.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    last_login_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[Timestamp]
    # Raised by each save of the account's page (roles, units, name, 启用): an older one is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    units: Mapped[list[Unit]] = relationship(secondary=user_unit, order_by=Unit.code)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in self.roles_text.split(",") if r)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.display_name}）" if self.display_name else self.name

    # Flask-Login's user protocol.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.name}>"

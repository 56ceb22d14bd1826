"""Sign-in sessions kept on the server, and the per-address sign-in counter.

The browser's cookie carries only a random session id; this row (or its Redis twin,
``app.services.sessions``) is what makes it valid. Ending a session deletes the row, so
a copied or replayed cookie stops working at once. Neither table is audited: sign-ins,
sign-outs and timeouts are audit events of their own.
"""

import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import utcnow


class UserSession(db.Model):
    """One signed-in browser. ``id`` is the SHA-256 of the cookie's session id, never the id itself."""

    __tablename__ = "user_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    address: Mapped[str] = mapped_column(String(64), default="")
    agent: Mapped[str] = mapped_column(String(200), default="")


class RateHit(db.Model):
    """One counted request (a sign-in attempt from an address), kept for the window it counts in."""

    __tablename__ = "rate_hit"
    __table_args__ = (Index("ix_rate_hit_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

"""Who makes the changes being recorded, and from where.

The web layer names the actor at the start of every request (``set_actor``) and forgets it at
its end; the name is held by the database session (``session.info``), whose life is the
request's, so the services and the recorder never read Flask's ``g``. Without one, the actor is
the command line.
"""

from dataclasses import dataclass

from flask import has_app_context
from sqlalchemy.orm import Session

from app.extensions import db

COMMAND_LINE = "命令行"
ANONYMOUS = "匿名"

_KEY = "audit_actor"


@dataclass(frozen=True)
class Actor:
    id: int | None
    name: str
    address: str = ""
    token_id: int | None = None  # the API token acting for the user (``/api/v1/``)


def set_actor(user, address: str | None, token_id: int | None = None) -> None:
    """Name who makes the following changes: a user (through an API token), or None for an anonymous visitor."""
    if user is None:
        db.session.info[_KEY] = Actor(None, ANONYMOUS, address or "")
    else:
        db.session.info[_KEY] = Actor(user.id, user.name, address or "", token_id)


def clear_actor() -> None:
    if has_app_context():
        db.session.info.pop(_KEY, None)


def current_actor() -> Actor:
    """The actor of the current session (the command line outside a request)."""
    if has_app_context():
        return actor_of(db.session())
    return _command_line()


def actor_of(session: Session) -> Actor:
    actor = session.info.get(_KEY)
    return actor if actor is not None else _command_line()


def _command_line() -> Actor:
    return Actor(None, COMMAND_LINE, "本机")

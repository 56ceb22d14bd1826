"""Sign-in sessions on the server, in the database or in Redis, and the per-address counters.

The browser's cookie carries a random session id (``start`` makes a new one at every
sign-in); the store keeps, under its SHA-256, who signed in, from where and when last seen.
A session is valid only while its record exists and has been used within
``JIXIAO_IDLE_MINUTES``: signing out, a password change, a deactivation or an
administrator's "end all sessions" delete the records, and every copy of the cookie stops
working at once.

The store is the database (tables ``user_session`` and ``rate_hit``) unless
``JIXIAO_REDIS_URL`` names a Redis server. The rows are bookkeeping, not records: sign-ins,
sign-outs and timeouts are audit events of their own (``app.services.accounts``), so this
module writes its two tables with plain statements, outside the audit listener.
"""

import datetime
import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models.sessions import RateHit, UserSession
from app.models.types import utcnow

OK, EXPIRED, MISSING = "ok", "expired", "missing"


@dataclass(frozen=True)
class SessionInfo:
    """One open session as its owner sees it (``key`` names it for ending it, never the cookie's id)."""

    key: str
    created_at: datetime.datetime
    last_seen_at: datetime.datetime
    address: str
    agent: str
    current: bool = False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _idle() -> datetime.timedelta:
    return datetime.timedelta(minutes=current_app.config["JIXIAO_IDLE_MINUTES"])


# -- the stores -----------------------------------------------------------------------------


class DatabaseStore:
    """Sessions as rows of ``user_session``; each call is its own short transaction."""

    def create(self, key: str, user_id: int, address: str, agent: str) -> None:
        now = utcnow()
        db.session.execute(
            insert(UserSession).values(
                id=key, user_id=user_id, created_at=now, last_seen_at=now, address=address, agent=agent
            )
        )
        db.session.execute(delete(UserSession).where(UserSession.last_seen_at < now - _idle()))
        db.session.commit()

    def touch(self, key: str) -> tuple[str, int | None]:
        row = db.session.execute(
            select(UserSession.user_id, UserSession.last_seen_at).where(UserSession.id == key)
        ).first()
        if row is None:
            db.session.commit()
            return MISSING, None
        now = utcnow()
        if now - row.last_seen_at > _idle():
            db.session.execute(delete(UserSession).where(UserSession.id == key))
            db.session.commit()
            return EXPIRED, row.user_id
        if now - row.last_seen_at > datetime.timedelta(seconds=5):  # one write per few seconds is enough
            try:
                db.session.execute(update(UserSession).where(UserSession.id == key).values(last_seen_at=now))
                db.session.commit()
            except OperationalError:  # SQLite busy with a background job's import: noted at a later request
                db.session.rollback()
            return OK, row.user_id
        db.session.commit()
        return OK, row.user_id

    def end(self, key: str) -> None:
        db.session.execute(delete(UserSession).where(UserSession.id == key))
        db.session.commit()

    def end_all(self, user_id: int, keep: str | None = None) -> None:
        statement = delete(UserSession).where(UserSession.user_id == user_id)
        if keep is not None:
            statement = statement.where(UserSession.id != keep)
        db.session.execute(statement)
        db.session.commit()

    def list(self, user_id: int) -> list[dict]:
        cutoff = utcnow() - _idle()
        rows = db.session.execute(
            select(UserSession).where(UserSession.user_id == user_id, UserSession.last_seen_at >= cutoff)
        ).scalars()
        found = [
            {"key": r.id, "created_at": r.created_at, "last_seen_at": r.last_seen_at, "address": r.address,
             "agent": r.agent}
            for r in rows
        ]
        db.session.commit()
        return found

    def set_last_seen(self, key: str, when: datetime.datetime) -> None:
        db.session.execute(update(UserSession).where(UserSession.id == key).values(last_seen_at=when))
        db.session.commit()

    def hit(self, key: str, window: int) -> int:
        now = utcnow()
        start = now - datetime.timedelta(seconds=window)
        db.session.execute(delete(RateHit).where(RateHit.at < start))
        db.session.execute(insert(RateHit).values(key=key, at=now))
        count = db.session.scalar(select(func.count()).select_from(RateHit).where(RateHit.key == key, RateHit.at >= start))
        db.session.commit()
        return int(count or 0)

    def hits(self, key: str, window: int) -> int:
        start = utcnow() - datetime.timedelta(seconds=window)
        count = db.session.scalar(select(func.count()).select_from(RateHit).where(RateHit.key == key, RateHit.at >= start))
        db.session.commit()
        return int(count or 0)

    def clear_hits(self, key: str) -> None:
        db.session.execute(delete(RateHit).where(RateHit.key == key))
        db.session.commit()


class RedisStore:
    """Sessions as Redis hashes that expire after the idle limit, with one set per user listing them."""

    def __init__(self, url: str, prefix: str):
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix

    def _session(self, key: str) -> str:
        return f"{self.prefix}session:{key}"

    def _user(self, user_id: int) -> str:
        return f"{self.prefix}user-sessions:{user_id}"

    def _ttl(self) -> int:
        return int(_idle().total_seconds())

    def create(self, key: str, user_id: int, address: str, agent: str) -> None:
        now = time.time()
        record = {"user_id": user_id, "created_at": now, "last_seen_at": now, "address": address, "agent": agent}
        pipe = self.redis.pipeline()
        pipe.set(self._session(key), json.dumps(record), ex=self._ttl() * 2)
        pipe.sadd(self._user(user_id), key)
        pipe.expire(self._user(user_id), self._ttl() * 2)
        pipe.execute()

    def _load(self, key: str) -> dict | None:
        raw = self.redis.get(self._session(key))
        return json.loads(raw) if raw else None

    def touch(self, key: str) -> tuple[str, int | None]:
        record = self._load(key)
        if record is None:
            return MISSING, None
        now = time.time()
        if now - record["last_seen_at"] > self._ttl():
            self.end(key)
            return EXPIRED, record["user_id"]
        if now - record["last_seen_at"] > 5:  # one write per few seconds is enough, as in the database
            record["last_seen_at"] = now
            pipe = self.redis.pipeline()
            pipe.set(self._session(key), json.dumps(record), ex=self._ttl() * 2)
            pipe.expire(self._user(record["user_id"]), self._ttl() * 2)
            pipe.execute()
        return OK, record["user_id"]

    def end(self, key: str) -> None:
        record = self._load(key)
        self.redis.delete(self._session(key))
        if record is not None:
            self.redis.srem(self._user(record["user_id"]), key)

    def end_all(self, user_id: int, keep: str | None = None) -> None:
        keys = [k.decode() for k in self.redis.smembers(self._user(user_id))]
        for key in keys:
            if key != keep:
                self.redis.delete(self._session(key))
                self.redis.srem(self._user(user_id), key)

    def list(self, user_id: int) -> list[dict]:
        found = []
        for raw_key in self.redis.smembers(self._user(user_id)):
            key = raw_key.decode()
            record = self._load(key)
            if record is None:
                self.redis.srem(self._user(user_id), key)
                continue
            found.append({
                "key": key,
                "created_at": _from_epoch(record["created_at"]),
                "last_seen_at": _from_epoch(record["last_seen_at"]),
                "address": record["address"],
                "agent": record["agent"],
            })
        return found

    def set_last_seen(self, key: str, when: datetime.datetime) -> None:
        record = self._load(key)
        if record is not None:
            record["last_seen_at"] = when.replace(tzinfo=datetime.UTC).timestamp()
            self.redis.set(self._session(key), json.dumps(record), ex=self._ttl() * 2)

    def hit(self, key: str, window: int) -> int:
        name = f"{self.prefix}rate:{key}"
        pipe = self.redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def hits(self, key: str, window: int) -> int:
        return int(self.redis.get(f"{self.prefix}rate:{key}") or 0)

    def clear_hits(self, key: str) -> None:
        self.redis.delete(f"{self.prefix}rate:{key}")


def _from_epoch(value: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(value, datetime.UTC).replace(tzinfo=None)


def store():
    """The application's store: Redis when ``JIXIAO_REDIS_URL`` is set, else the database."""
    app = current_app
    found = app.extensions.get("jixiao_sessions")
    if found is None:
        url = app.config.get("JIXIAO_REDIS_URL")
        if url:
            prefix = app.config.get("JIXIAO_REDIS_PREFIX") or "jixiao:"
            found = RedisStore(url, prefix)
        else:
            found = DatabaseStore()
        app.extensions["jixiao_sessions"] = found
    return found


def new_prefix() -> str:
    """A key prefix of its own (tests share one Redis server)."""
    return f"jixiao-test-{uuid.uuid4().hex[:12]}:"


# -- the use cases --------------------------------------------------------------------------


def start(user_id: int, address: str = "", agent: str = "") -> str:
    """Open a session for ``user_id``; return the new session id for the cookie."""
    token = secrets.token_urlsafe(32)
    store().create(_digest(token), user_id, (address or "")[:64], (agent or "")[:200])
    return token


def check(token: str | None) -> tuple[str, int | None]:
    """(OK, user id) for a live session, (EXPIRED, user id) for one idle too long (now ended), or (MISSING, None)."""
    if not token:
        return MISSING, None
    return store().touch(_digest(token))


def end(token: str | None) -> None:
    if token:
        store().end(_digest(token))


def end_all(user_id: int, keep_token: str | None = None) -> None:
    """End every session of ``user_id`` (but ``keep_token``'s)."""
    store().end_all(user_id, _digest(keep_token) if keep_token else None)


def end_one(user_id: int, key: str) -> bool:
    """End one of ``user_id``'s sessions by the key ``open_sessions`` shows; False if it is not theirs."""
    if not any(found["key"] == key for found in store().list(user_id)):
        return False
    store().end(key)
    return True


def open_sessions(user_id: int, current_token: str | None = None) -> list[SessionInfo]:
    """The user's live sessions, most recently used first; ``current`` marks the one asking."""
    current = _digest(current_token) if current_token else None
    found = [SessionInfo(**record, current=record["key"] == current) for record in store().list(user_id)]
    return sorted(found, key=lambda s: s.last_seen_at, reverse=True)


def mark_idle_since(token: str, when: datetime.datetime) -> None:
    """Set when a session was last used (for tests and tools that check the idle limit)."""
    store().set_last_seen(_digest(token), when)


def hit(key: str, window_seconds: int) -> int:
    """Count one request under ``key``; return how many were counted in the last ``window_seconds``."""
    return store().hit(key, window_seconds)


def hits(key: str, window_seconds: int) -> int:
    """How many requests were counted under ``key`` in the last ``window_seconds`` (counting none)."""
    return store().hits(key, window_seconds)


def clear_hits(key: str) -> None:
    store().clear_hits(key)

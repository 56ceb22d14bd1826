"""Whether the parts the application needs answer: the database and the job queue (for ``/healthz``)."""

from flask import current_app
from sqlalchemy import text

from app.extensions import db

OK, UNAVAILABLE, THREAD = "ok", "unavailable", "thread"


def check() -> dict:
    """The state of each part and the whole: ``ok``, ``degraded`` (the queue is gone) or ``down`` (the database is).

    Names no address, user or error text: the answer is public.
    """
    database = _database()
    queue = _queue()
    if database != OK:
        status = "down"
    elif queue == UNAVAILABLE:
        status = "degraded"
    else:
        status = OK
    return {"status": status, "database": database, "queue": queue}


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # noqa: BLE001  (any failure means the same to a probe: not answering)
        current_app.logger.warning("health: the database does not answer", exc_info=True)
        db.session.remove()
        return UNAVAILABLE
    return OK


def _queue() -> str:
    """``thread`` when no Redis is configured (jobs run in the app), else whether Redis answers a PING."""
    url = current_app.config.get("JIXIAO_REDIS_URL")
    if not url:
        return THREAD
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping()
    except (redis.RedisError, OSError):
        current_app.logger.warning("health: Redis does not answer", exc_info=True)
        return UNAVAILABLE
    return OK

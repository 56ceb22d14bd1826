"""Background jobs: long work started from a page runs beside the request, with its progress on a page.

``submit(kind, params, user)`` records a ``Job`` row and hands its id to the runner:

- with ``JIXIAO_REDIS_URL`` set, an RQ queue (``JIXIAO_QUEUE``, or the Redis key prefix without
  its colon) that ``jixiao worker`` serves (docs/jobs.md says why RQ);
- without it (the embedded default), a small thread pool of the app's own process, so
  ``./scripts/serve`` needs nothing else. An in-memory SQLite database is one shared connection:
  there the job runs at once, inside ``submit``.

Only the kinds registered here run (``KINDS``: name → function). A function takes a ``Context``
(its params, the user who asked, ``progress(n, total)``, ``output(name)`` for a file to download)
and returns a summary (a JSON-able dict, or None) for the job page. It runs inside an app
context with the user as the audit actor, and opens its own transactions: what it changes is
audited like any change. The job rows themselves are bookkeeping, like sign-in sessions: written
with plain statements, outside the audit listener. Progress while a job runs lives in Redis or
in the process (``LiveProgress``), so it never writes inside the job's own transaction (SQLite
allows one writer); the row takes the last figures when the job ends.

A failure keeps a Chinese message for the user (a ``DomainError``'s own words, or a general one
naming the job) and logs the traceback; no user ever sees it.
"""

import logging
import os
import re
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, insert, select, update

from app.domain.access import Role
from app.domain.errors import DomainError
from app.extensions import db
from app.models.jobs import DONE, FAILED, QUEUED, RUNNING, STATUS_LABELS, Job
from app.models.types import utcnow
from app.services import audit, transaction

log = logging.getLogger(__name__)

__all__ = [
    "DONE", "FAILED", "KINDS", "QUEUED", "RUNNING", "STATUS_LABELS", "Context", "Job", "count_mine", "get", "kind", "mine",
    "result_path", "run", "submit", "wait",
]


# -- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # what the job list calls it
    function: Callable[["Context"], dict | None]


KINDS: dict[str, Kind] = {}


def _registry() -> dict[str, Kind]:
    from app.services import job_kinds  # noqa: F401  (registers the product's kinds)

    return KINDS


def kind(name: str, label: str):
    """Register ``function`` as the job kind ``name``: only registered kinds run."""

    def register(function):
        KINDS[name] = Kind(name, label, function)
        return function

    return register


@dataclass
class Context:
    """What a job function gets: its params, who asked, and the way to report progress and results."""

    job_id: str
    params: dict
    user: object
    folder: Path  # where results are kept
    report: Callable[[int, int, str], None]
    result_name: str = ""
    result_path: str = ""
    message: str = ""
    _last: float = field(default=0.0, repr=False)

    def progress(self, n: int, total: int, message: str = "") -> None:
        """Say that ``n`` of ``total`` steps are done (written at most every 0.2 s, and at the end)."""
        now = time.monotonic()
        if n >= total or now - self._last >= 0.2 or message:
            self._last = now
            self.report(n, total, message)

    def output(self, filename: str) -> Path:
        """The file to write the job's result to; ``filename`` is what the download is called."""
        self.result_name = filename
        self.result_path = f"{self.job_id}{Path(filename).suffix}"
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / self.result_path


# -- submitting and reading -----------------------------------------------------------------


def submit(kind_name: str, params: dict, user, *, title: str = "", address: str = "") -> Job:
    """Record a job of ``kind_name`` for ``user`` and start it; return the job.

    ``address`` is where the user asked from: the job's changes are recorded with it.
    """
    found = _registry().get(kind_name)
    if found is None:
        raise DomainError(f"未知的任务类型“{kind_name}”", "kind")
    _sweep(results_folder())
    job_id = str(uuid.uuid4())
    with transaction():
        db.session.execute(
            insert(Job).values(
                id=job_id, kind=kind_name, params=dict(params, _address=address or ""), user_id=user.id, status=QUEUED, done=0, total=0,
                title=(title or found.label)[:200], message="排队等待中", result_name="", result_path="",
                summary=None, error="", created_at=utcnow(),
            )
        )
    try:
        runner().start(job_id)
    except Exception:  # noqa: BLE001  (the queue is down: the job fails, the page says so)
        log.exception("job %s could not be queued", job_id)
        _finish(job_id, FAILED, error="任务未能提交：后台队列不可用，请稍后重试或联系管理员")
    return get(job_id, user)


def get(job_id: str, user) -> Job:
    """The job ``job_id`` as its owner (or an administrator) sees it now; LookupError for anyone else.

    The job returned is detached from the session: its live progress is laid over the row.
    """
    job = _load(job_id)
    if job is None or not (job.user_id == user.id or _is_admin(user)):
        raise LookupError(job_id)
    return job


def mine(user, limit: int = 50, offset: int = 0) -> list[Job]:
    """The user's latest jobs, newest first (an administrator's list is everyone's); ``offset`` pages on."""
    stmt = _of(user, select(Job).order_by(Job.created_at.desc(), Job.id).offset(offset).limit(limit))
    jobs = list(db.session.scalars(stmt))
    for job in jobs:
        db.session.expunge(job)
        _overlay(job)
    return jobs


def count_mine(user) -> int:
    """How many jobs ``mine`` pages through."""
    return db.session.scalar(_of(user, select(func.count(Job.id)))) or 0


def _of(user, stmt):
    return stmt if _is_admin(user) else stmt.where(Job.user_id == user.id)


def result_path(job: Job) -> Path | None:
    """Where a finished job's result is kept (None when it has none, or it was swept)."""
    if job.status != DONE or not job.result_path or not _SAFE_NAME.match(job.result_path):
        return None
    path = results_folder() / job.result_path
    return path if path.is_file() else None


def wait(job_id: str, timeout: float = 60) -> None:
    """Wait for a job of the thread runner to end (tests, and the CLI's own jobs)."""
    future = _futures.get(job_id)
    if future is not None:
        future.result(timeout=timeout)


def _load(job_id: str) -> Job | None:
    if not isinstance(job_id, str) or not _ID.match(job_id):
        return None
    job = db.session.scalar(select(Job).where(Job.id == job_id).execution_options(populate_existing=True))
    if job is not None:
        db.session.expunge(job)
        _overlay(job)
    return job


def _overlay(job: Job) -> None:
    if job.status in (QUEUED, RUNNING):
        live = live_progress().read(job.id)
        if live is not None:
            job.done, job.total, job.message = live
        if runner().lost(job.id):  # the worker's process died, or the queue stopped it at its timeout
            error = "任务中断：后台进程在完成前停止（可能超时或内存不足），请重试或联系管理员"
            _finish(job.id, FAILED, error=error, live=live_progress())
            job.status, job.error, job.finished_at = FAILED, error, utcnow()


def _is_admin(user) -> bool:
    return Role.ADMIN.value in (getattr(user, "roles_text", "") or "").split(",")


_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SAFE_NAME = re.compile(r"^[0-9a-f-]{36}\.[a-z]{2,5}$")
KEEP_SECONDS = 7 * 24 * 3600  # results are kept a week


def results_folder() -> Path:
    return Path(current_app.instance_path) / "jobs"


def _sweep(folder: Path) -> None:
    """Delete results older than a week."""
    if not folder.is_dir():
        return
    limit = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if _SAFE_NAME.match(path.name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


# -- running one job ------------------------------------------------------------------------


def run(job_id: str) -> None:
    """Run the job ``job_id`` to its end, inside the current app context; never raises."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != QUEUED:
        db.session.rollback()
        return
    from app.services import accounts

    user = accounts.get_user(job.user_id)
    kind_name = job.kind
    found = _registry().get(kind_name)
    params = dict(job.params or {})
    address = params.pop("_address", "") or "后台任务"
    db.session.rollback()  # nothing of the lookup stays open while the job works
    if user is None or found is None:
        _finish(job_id, FAILED, error="任务无法运行：提交任务的账号或任务类型已不存在")
        return
    _set(job_id, status=RUNNING, started_at=utcnow(), message="正在处理")
    live = live_progress()
    context = Context(job_id, params, user, results_folder(), lambda n, total, message: live.write(job_id, n, total, message))
    audit.set_actor(user, address)
    try:
        summary = found.function(context)
    except DomainError as err:
        db.session.rollback()
        _finish(job_id, FAILED, error="\n".join(p.message for p in err.problems) or str(err), live=live)
    except Exception:  # noqa: BLE001  (logged with the traceback; the user reads a message)
        db.session.rollback()
        log.error("job %s (%s) failed:\n%s", job_id, kind_name, traceback.format_exc())
        _finish(job_id, FAILED, error=f"任务未能完成：系统内部错误（任务编号 {job_id}），请联系管理员", live=live)
    else:
        _finish(job_id, DONE, summary=summary, result_name=context.result_name, result_path=context.result_path,
                message=context.message or "已完成", live=live)
    finally:
        audit.clear_actor()


def _finish(job_id: str, status: str, *, live=None, **values) -> None:
    if live is not None:
        figures = live.read(job_id)
        if figures is not None:
            values.setdefault("done", figures[0])
            values.setdefault("total", figures[1])
            if status == FAILED:
                values.setdefault("message", "未完成")
        live.forget(job_id)
    if status == DONE and values.get("total"):
        values["done"] = values["total"]
    _set(job_id, status=status, finished_at=utcnow(), **values)


def _set(job_id: str, **values) -> None:
    with transaction():
        db.session.execute(update(Job).where(Job.id == job_id).values(**values))


# -- live progress ----------------------------------------------------------------------------


class MemoryProgress:
    """Progress kept in this process (the thread runner's jobs run here)."""

    def __init__(self):
        self._figures: dict[str, tuple[int, int, str]] = {}
        self._lock = threading.Lock()

    def write(self, job_id: str, n: int, total: int, message: str = "") -> None:
        with self._lock:
            old = self._figures.get(job_id)
            self._figures[job_id] = (n, total, message or (old[2] if old else "正在处理"))

    def read(self, job_id: str) -> tuple[int, int, str] | None:
        with self._lock:
            return self._figures.get(job_id)

    def forget(self, job_id: str) -> None:
        with self._lock:
            self._figures.pop(job_id, None)


class RedisProgress:
    """Progress in Redis, so the web processes see what a worker process reports."""

    def __init__(self, connection, prefix: str):
        self.redis = connection
        self.prefix = prefix

    def _key(self, job_id: str) -> str:
        return f"{self.prefix}job:{job_id}"

    def write(self, job_id: str, n: int, total: int, message: str = "") -> None:
        values = {"done": n, "total": total}
        if message:
            values["message"] = message
        pipe = self.redis.pipeline()
        pipe.hset(self._key(job_id), mapping=values)
        pipe.expire(self._key(job_id), 24 * 3600)
        pipe.execute()

    def read(self, job_id: str) -> tuple[int, int, str] | None:
        raw = self.redis.hgetall(self._key(job_id))
        if not raw:
            return None
        return int(raw.get(b"done", 0)), int(raw.get(b"total", 0)), raw.get(b"message", "正在处理".encode()).decode()

    def forget(self, job_id: str) -> None:
        self.redis.delete(self._key(job_id))


def live_progress():
    app = current_app
    found = app.extensions.get("jixiao_job_progress")
    if found is None:
        url = app.config.get("JIXIAO_REDIS_URL")
        found = RedisProgress(redis_connection(app), _prefix(app)) if url else MemoryProgress()
        app.extensions["jixiao_job_progress"] = found
    return found


def _prefix(app: Flask) -> str:
    return app.config.get("JIXIAO_REDIS_PREFIX") or "jixiao:"


def redis_connection(app: Flask):
    import redis

    return redis.Redis.from_url(app.config["JIXIAO_REDIS_URL"], socket_timeout=5, socket_connect_timeout=2)


def queue_name(app: Flask) -> str:
    """``JIXIAO_QUEUE``, or the Redis key prefix without its colon (tests get a queue each)."""
    return app.config.get("JIXIAO_QUEUE") or _prefix(app).rstrip(":") or "jixiao"


# -- the runners ------------------------------------------------------------------------------


_futures: dict[str, Future] = {}


class ThreadRunner:
    """Jobs in a thread pool of this process: the embedded default, with no Redis."""

    def __init__(self, app: Flask, workers: int):
        self.app = app
        self.inline = _in_memory(app)
        self.pool = None if self.inline else ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jixiao-job")

    def start(self, job_id: str) -> None:
        if self.inline:
            with self.app.app_context():
                run(job_id)
            return
        future = self.pool.submit(self._run, job_id)
        _futures[job_id] = future
        future.add_done_callback(lambda _f: _futures.pop(job_id, None))

    def lost(self, job_id: str) -> bool:
        return False  # a thread's failure is caught by ``run``; a restart of the process leaves the job 排队/运行

    def _run(self, job_id: str) -> None:
        with self.app.app_context():
            try:
                run(job_id)
            finally:
                db.session.remove()


class QueueRunner:
    """Jobs on an RQ queue in Redis, served by ``jixiao worker``."""

    def __init__(self, app: Flask):
        from rq import Queue

        self.timeout = app.config.get("JIXIAO_JOB_TIMEOUT", 3600)
        self.queue = Queue(queue_name(app), connection=redis_connection(app))

    def start(self, job_id: str) -> None:
        # Queued work a worker never took expires after a day; the job row then stays 排队.
        self.queue.enqueue(
            "app.services.jobs.run_queued", job_id, job_id=job_id, job_timeout=self.timeout, ttl=24 * 3600,
            result_ttl=3600, failure_ttl=24 * 3600,
        )


    def lost(self, job_id: str) -> bool:
        """Whether RQ gave the job up (failed outside ``run``: killed, timed out) while the row still waits."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as QueuedJob

        try:
            state = QueuedJob.fetch(job_id, connection=self.queue.connection).get_status()
        except NoSuchJobError:
            return False
        return str(getattr(state, "value", state)) in ("failed", "stopped", "canceled")


def run_queued(job_id: str) -> None:
    """What the RQ worker runs: the job, in a fresh app context of the worker's app."""
    app = current_app._get_current_object()
    with app.app_context():
        try:
            run(job_id)
        finally:
            db.session.remove()


def runner():
    app = current_app
    found = app.extensions.get("jixiao_jobs")
    if found is None:
        if app.config.get("JIXIAO_REDIS_URL"):
            found = QueueRunner(app)
        else:
            found = ThreadRunner(app._get_current_object(), app.config.get("JIXIAO_JOB_THREADS", 2))
        app.extensions["jixiao_jobs"] = found
    return found


def _in_memory(app: Flask) -> bool:
    url = str(app.config.get("SQLALCHEMY_DATABASE_URI") or "")
    return url.startswith("sqlite") and (url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url)


def worker(app: Flask, *, burst: bool = False, with_scheduler: bool = False) -> bool:
    """Serve the app's queue with an RQ worker (``jixiao worker``); each job in a forked process."""
    from rq import Worker

    engine = db.engine
    # A forked work horse must not share the parent's database connections.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    connection = redis_connection(app)
    return Worker([queue_name(app)], connection=connection).work(burst=burst, with_scheduler=with_scheduler)


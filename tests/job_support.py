"""Running background jobs to their end in tests, on both runners (RQ on Redis, or the app's threads).

Helpers, not tests: the fixtures that use them (``job_app``, ``kinds``) are in tests/conftest.py.
"""

import re

from app.services import jobs
from tests.conftest import REDIS_URL


def _burst_worker():
    from rq import SimpleWorker

    class Burst(SimpleWorker):
        """rq's worker in this process, without its command channel (its pub/sub thread takes up to a minute to stop)."""

        def subscribe(self):
            pass

        def unsubscribe(self):
            pass

    return Burst


BurstWorker = _burst_worker() if REDIS_URL else None


def complete(app, job_id: str) -> None:
    """Let the job run to its end: a burst of a SimpleWorker on the app's queue, or the thread's end."""
    if app.runner_kind == "queue":
        runner = jobs.runner()
        BurstWorker([runner.queue], connection=runner.queue.connection).work(burst=True)
    else:
        jobs.wait(job_id, timeout=60)


def finish(job_id: str) -> None:
    runner = jobs.runner()
    if isinstance(runner, jobs.QueueRunner):
        BurstWorker([runner.queue], connection=runner.queue.connection).work(burst=True)
    else:
        jobs.wait(job_id, timeout=60)


def job_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    match = re.search(r"/jobs/([0-9a-f-]{36})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)

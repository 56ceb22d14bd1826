"""``jixiao worker``: serve the background-job queue; ``stderr_bar``: the CLI's progress bar for the same work."""

import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import fail


@click.command("worker")
@click.option("--burst", is_flag=True, help="处理完队列中已有的任务后退出")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for the app's job queue (JIXIAO_REDIS_URL, JIXIAO_QUEUE); docs/jobs.md."""
    from app.services import jobs

    if not current_app.config.get("JIXIAO_REDIS_URL"):
        fail("未配置 JIXIAO_REDIS_URL：没有 Redis 时后台任务在应用进程的线程中运行，无需 jixiao worker")
    click.echo(f"后台任务队列“{jobs.queue_name(current_app)}”：等待任务（Ctrl+C 结束）", err=True)
    jobs.worker(current_app._get_current_object(), burst=burst)


class StderrBar:
    """A ``\\r n/N`` bar on stderr (stdout stays the command's result); redrawn at most 10 times a second."""

    def __init__(self, label: str, stream=None):
        self.label = label
        self.stream = stream or sys.stderr
        self.last = 0.0
        self.drawn = False

    def __call__(self, n: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if n < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = int(width * n / total) if total else 0
        percent = f"{n * 100 // total:3d}%" if total else "   "
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {n}/{total} {percent}")
        self.stream.flush()
        self.drawn = True

    @classmethod
    def on_terminal(cls, label: str) -> "StderrBar | None":
        """A bar when stderr is a terminal; None otherwise (logs and pipes get no carriage returns)."""
        return cls(label) if sys.stderr.isatty() else None

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


COMMANDS = [worker_command]

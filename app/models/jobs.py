"""Background jobs (issue 14): long work a user started, its progress and its result.

A job is bookkeeping, like a sign-in session: what it does is audited by the work itself (an
import's rows, a download as an export event), so ``app.services.jobs`` writes this table with
plain statements, outside the audit listener.
"""

import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import utcnow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUS_LABELS = {QUEUED: "排队", RUNNING: "运行", DONE: "完成", FAILED: "失败"}


class Job(db.Model):
    """One job: ``kind`` names a registered function, ``params`` its arguments (JSON)."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a uuid4: not guessable
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200), default="")  # what the user asked for, in Chinese
    message: Mapped[str] = mapped_column(String(300), default="")  # the last step, or the outcome
    result_name: Mapped[str] = mapped_column(String(200), default="")  # the download's file name
    result_path: Mapped[str] = mapped_column(String(300), default="")  # under the instance folder
    summary: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # what the job page shows
    error: Mapped[str] = mapped_column(Text, default="")  # Chinese, for the user; the traceback is logged
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def percent(self) -> int:
        if self.status == DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)

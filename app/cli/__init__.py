"""The ``jixiao`` command group.

A Flask CLI group, so ``jixiao run``, ``jixiao db upgrade`` and ``jixiao routes``
work too. Each area keeps its commands in a module of this package; the centre
module registers its own (``app/centres/cli.py``).
"""

import json
import os
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup


def _create_app():
    from app import create_app

    return create_app()


class JixiaoGroup(FlaskGroup):
    """The Flask group, answering a database that is missing or not upgraded in Chinese.

    No command ever ends in a traceback: what a command does not answer itself (a bad value
    refused by the domain, a file that cannot be read, anything unforeseen) is one line on
    stderr and a non-zero status. ``JIXIAO_DEBUG=1`` lets the traceback through, for developers.
    """

    def invoke(self, ctx: click.Context):
        from sqlalchemy.exc import OperationalError, ProgrammingError

        from app.domain.errors import DomainError

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except (OperationalError, ProgrammingError) as err:
            fail(database_problem(err))
        except Exception as err:  # noqa: BLE001  (the last line of defence: one line, never a traceback)
            if os.environ.get("JIXIAO_DEBUG") == "1":
                raise
            fail(one_line(err, isinstance(err, DomainError | ValueError | OSError | LookupError)))


def one_line(err: Exception, expected: bool = True) -> str:
    """An exception as one line of Chinese: its own message when it is a refusal, else what failed."""
    text = " ".join(str(err).split())
    if isinstance(err, OverflowError):
        return f"错误：数值过大，超出可处理的范围（{text}）"
    if isinstance(err, OSError) and getattr(err, "filename", None):
        text = f"无法读取或写入文件 {err.filename}：{err.strerror or text}"
    if expected and text:
        return f"错误：{text}"
    return f"错误：命令未能完成（{err.__class__.__name__}{'：' + text if text else ''}）"


def database_problem(err: Exception) -> str:
    """Say in Chinese what a database error at start-up means and what to do."""
    text = str(getattr(err, "orig", err))
    if "no such table" in text or "no such column" in text or "does not exist" in text:
        return "数据库尚未建立或不是最新版本：请先运行 jixiao db upgrade（./scripts/serve 会自动完成）"
    return f"无法使用数据库（请检查 DATABASE_URL）：{text.strip().splitlines()[0] if text.strip() else err.__class__.__name__}"


@click.group(cls=JixiaoGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """jixiao 绩效: 预算绩效目标管理."""


def register(app: Flask) -> None:
    """Add every command of the product to ``app.cli``."""
    from app.cli import accounts, data, exports, imports, jobs, progress, quality, schemes, selfeval, targets

    for module in (targets, data, selfeval, schemes, exports, imports, accounts, progress, quality, jobs):
        for command in module.COMMANDS:
            app.cli.add_command(command)


def emit_json(document) -> None:
    """Print exactly one JSON document on stdout."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def fail(message: str, code: int = 1) -> None:
    """Print a message on stderr and exit with a non-zero status."""
    click.echo(message, err=True)
    sys.exit(code)

"""The ``jixiao`` command on a database that is not there yet: a sentence, never a traceback."""

from click.testing import CliRunner

from app.cli import main


def run(url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"DATABASE_URL": url}, catch_exceptions=False)


def test_a_database_that_was_never_upgraded_is_named_with_the_fix(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'new.sqlite'}", "dump", "--json")
    assert result.exit_code == 1
    assert "数据库尚未建立或不是最新版本：请先运行 jixiao db upgrade" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_server_is_named(tmp_path):
    result = run("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2", "dump", "--json")
    assert result.exit_code == 1
    assert result.output.startswith("无法使用数据库（请检查 DATABASE_URL）：")

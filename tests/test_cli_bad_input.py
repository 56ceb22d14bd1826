"""Every ``jixiao`` command given bad input: a short message on stderr, a non-zero status, never a traceback.

Runs the console script's own group (``app.cli:main``), as a user at a terminal does, on a
database of its own (a SQLite file with the schema).
"""

import json

import pytest
from click.testing import CliRunner

from app.cli import main
from app.extensions import db
from tests.conftest import make_app


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite:///{folder / 'jixiao.sqlite'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    files = {
        "huge.json": json.dumps({"projects": [{"year": 2024, "unit": {"code": "304001", "name": "单位"},
                                               "name": "项目", "budget_total": "1e30", "budget_fiscal": "12"}]}),
        "broken.json": "{not json",
        "string.json": '"just a string"',
        "selfeval.json": json.dumps({"year": 2024, "budget": {"initial": "1e30", "adjusted": "1e30", "spent": "1"},
                                     "indicators": []}),
        "bad.docx": "PK\x03\x04 garbage",
        "empty.txt": "",
        "payments.csv": "项目编码,日期,金额\nP1,2024-03-01,1e30\n",
        "centre.json": '{"year": 2024, "centres": [{"id": "C1", "staff": 1e30}]}',
        "orders.json": '{"year": 2020, "regions": 5}',
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return url, folder


CASES = [
    ("target", "parse", ""),
    ("target", "parse", "   "),
    ("dump", "--year", "99999999999999999999", "--json"),
    ("dump", "--unit", "NOPE", "--json"),
    ("load", "{dir}/huge.json"),
    ("load", "{dir}/broken.json"),
    ("load", "{dir}/string.json"),
    ("selfeval", "{dir}/selfeval.json", "--json"),
    ("selfeval", "{dir}/broken.json", "--json"),
    ("selfeval", "--year", "99999999999999999999", "--json"),
    ("selfeval", "check", "{dir}/string.json", "--json"),
    ("schemes", "show", "NOPE", "--json"),
    ("export", "{dir}/out.docx", "--year", "2024", "--unit", "NOPE"),
    ("export", "{dir}/no/such/folder/out.docx", "--year", "2024"),
    ("export", "{dir}/out.zip", "--year", "2024", "--unit", "NOPE"),
    ("worker", "--burst"),  # no JIXIAO_REDIS_URL: jobs run in the app, nothing to serve
    ("import", "{dir}/bad.docx"),
    ("import", "{dir}/empty.txt"),
    ("import", "{dir}/huge.json"),
    ("user", "create", "x y", "--role", "officer"),
    ("user", "create", "both", "--role", "admin", "--role", "officer"),
    ("payments", "import", "{dir}/payments.csv", "--year", "2024", "--unit", "NOPE"),
    ("progress", "--year", "2024", "--as-of", "notadate", "--json"),
    ("progress", "--year", "99999999999999999999", "--json"),
    ("check", "--year", "2024", "--unit", "NOPE", "--json"),
    ("check", "--year", "99999999999999999999", "--json"),
    ("centre", "score", "{dir}/centre.json", "--json"),
    ("centre", "score", "{dir}/broken.json", "--json"),
    ("orders", "score", "{dir}/orders.json", "--json"),
    ("orders", "score", "{dir}/string.json", "--json"),
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a) for a in CASES])
def test_bad_input_is_one_short_message(database, args):
    url, folder = database
    argv = [arg.replace("{dir}", str(folder)) for arg in args]
    result = CliRunner().invoke(main, argv, env={"DATABASE_URL": url, "SECRET_KEY": "cli-test"})
    assert result.exit_code not in (0, None), (argv, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, f"{argv}: no message on stderr"
    # One line, or a heading ("未导入任何数据：") and the one problem it introduces.
    assert len(lines) <= 2 and all(len(line) < 400 for line in lines), lines
    assert result.stdout.strip() == "", f"{argv}: the message belongs on stderr: {result.stdout!r}"


def test_every_command_is_tried(database):
    """A new command fails this until it has a bad-input case above."""
    import click

    app = make_app(SQLALCHEMY_DATABASE_URI=database[0])

    def leaves(group, path=()):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from leaves(command, (*path, name))
            else:
                yield " ".join((*path, name))

    # Flask's own; demo and the list of schemes take no input to get wrong
    skipped = {"run", "shell", "routes", "demo", "schemes list"}
    commands = {name for name in leaves(app.cli) if name not in skipped and not name.startswith("db ")}
    tried = set()
    for case in CASES:
        tried.add(" ".join(case[:2]) if " ".join(case[:2]) in commands else case[0])
    assert commands <= tried, sorted(commands - tried)

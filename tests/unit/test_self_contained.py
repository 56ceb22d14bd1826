"""The test suite needs nothing outside the repository (issue 12, point 1): a fresh clone runs it."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
# A path that climbs out of the repository, or names the shared folder beside it.
OUTSIDE = re.compile(r"""parents\[(?:[3-9])\]|["']\.\./\.\.|["']\.\./shared|/work/shared|\.parent\.parent\.parent""")


def test_no_test_reads_outside_the_repository():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        # "../secret_key" tokens and lines marked "traversal probe" are hostile input, not files read
        if OUTSIDE.search(line) and "token" not in line and "traversal probe" not in line
    ]
    assert offenders == []


def test_the_seeds_the_tests_read_are_in_the_repository():
    seeds = TESTS / "fixtures" / "seeds"
    assert sorted(p.name[:3] for p in seeds.glob("*.txt")) == ["003", "004"]
    assert all(p.stat().st_size > 10_000 for p in seeds.glob("*.txt"))

"""000 第九条（二）2–5 claimed companies and 第十条 conflicts and assignments."""

import pytest

from app.centres.rules.hubei import score_assessment
from app.centres.rules.hubei_model import Assessment, Assignment, Category, HubeiSettings
from tests.centres.builders import codes, full_centre, points, score_one


@pytest.mark.parametrize(
    ("field", "part", "full", "count", "expected"),
    [
        ("registered", "R2", 10, 10, 10),
        ("registered", "R2", 10, 9, 9),  # 每少 1 家扣 1 分
        ("registered", "R2", 10, 0, 0),
        ("registered", "R2", 10, 14, 10),
        ("first_trade", "R3", 10, 7, 7),
        ("first_trade", "R3", 10, 11, 10),
        ("growth10", "R4", 10, 3, 3),
        ("growth10", "R4", 10, 10, 10),
        ("doubled", "R5", 5, 4, 4),
        ("doubled", "R5", 5, 5, 5),
        ("doubled", "R5", 5, 8, 5),
    ],
)
def test_one_point_per_company_up_to_full_marks(field, part, full, count, expected):
    score = score_one(**{field: codes("X", count)})
    assert points(score, part) == expected
    lost = [f for f in score.findings if f.part == part]
    if expected < full:
        assert lost[0].clause == f"000 第九条（二）{part[1]}"
        assert f"{count} 家，少 {full - count} 家，扣 {full - count} 分" in lost[0].text
        assert any(gap.startswith(f"还需 {full - count} 家") for gap in score.missing)
    else:
        assert lost == []


def test_r3_finding_reads_like_the_contract():
    score = score_one(first_trade=codes("F", 7))
    (finding,) = score.findings
    assert finding.to_dict() == {"part": "R3", "clause": "000 第九条（二）3", "text": "破零企业 7 家，少 3 家，扣 3 分"}


def test_same_code_twice_in_one_list_counts_once():
    score = score_one(first_trade=("A", "A", "B"))
    assert points(score, "R3") == 2
    assert any("A 重复列出" in f.text for f in score.findings)


@pytest.mark.parametrize(
    ("first_trade", "doubled", "expected"),
    [
        ((), (), 10),
        (("C1G0000",), (), 9),  # 与破零企业不得有重复
        ((), ("C1G0001", "C1G0002"), 8),  # 与倍增企业不得有重复
        (("C1G0000",), ("C1G0000",), 9),
    ],
)
def test_r4_excludes_the_centres_own_first_trade_and_doubled(first_trade, doubled, expected):
    centre = full_centre(first_trade=first_trade + codes("F", 10), doubled=doubled + codes("D", 5))
    score = score_one(centre)
    assert points(score, "R4") == expected
    excluded = [f for f in score.findings if f.part == "R4" and "不计入" in f.text]
    assert len(excluded) == 10 - expected
    assert all(f.clause == "000 第九条（二）4" for f in excluded)


def test_r4_exclusion_is_per_centre():
    one = full_centre(id="C1", growth10=("G",))
    two = full_centre(id="C2", first_trade=("G",), growth10=())
    result = score_assessment(Assessment(2024, (one, two)))
    assert points(result.centres[0], "R4") == 1


def _pair(category: str, **assignments):
    one = full_centre(id="C1", **{category: ("SHARED", "ONLY1")})
    two = full_centre(id="C2", **{category: ("SHARED", "ONLY2")})
    table = tuple(Assignment(Category(category), code, owner) for code, owner in assignments.items())
    return score_assessment(Assessment(2024, (one, two), table))


@pytest.mark.parametrize(("category", "part"), [("registered", "R2"), ("first_trade", "R3"), ("growth10", "R4"), ("doubled", "R5")])
def test_code_claimed_by_two_centres_counts_for_neither(category, part):
    result = _pair(category)
    assert [points(c, part) for c in result.centres] == [1, 1]
    assert [c.to_dict() for c in result.conflicts] == [{"category": category, "code": "SHARED", "centres": ["C1", "C2"]}]
    for centre in result.centres:
        (finding,) = [f for f in centre.findings if f.clause == "000 第十条"]
        assert "SHARED" in finding.text and finding.part == part


@pytest.mark.parametrize(("category", "part"), [("registered", "R2"), ("growth10", "R4")])
def test_assignment_gives_the_code_to_one_centre(category, part):
    result = _pair(category, SHARED="C2")
    assert [points(c, part) for c in result.centres] == [1, 2]
    assert result.conflicts == ()
    assert any("已归口至 C2" in f.text for f in result.centres[0].findings)


def test_assignment_to_a_centre_that_did_not_claim_it_leaves_it_to_nobody():
    one, two, three = (full_centre(id=i, doubled=d) for i, d in (("C1", ("X",)), ("C2", ("X",)), ("C3", ())))
    result = score_assessment(Assessment(2024, (one, two, three), (Assignment(Category.DOUBLED, "X", "C3"),)))
    assert [points(c, "R5") for c in result.centres] == [0, 0, 0]
    assert result.conflicts == ()


@pytest.mark.parametrize(("binding", "expected"), [(False, [1, 0]), (True, [0, 0])])
def test_assignment_of_a_single_claim_is_a_setting(binding, expected):
    one, two = full_centre(id="C1", doubled=("X",)), full_centre(id="C2", doubled=())
    assessment = Assessment(2024, (one, two), (Assignment(Category.DOUBLED, "X", "C2"),))
    result = score_assessment(assessment, HubeiSettings(assignments_bind_single_claims=binding))
    assert [points(c, "R5") for c in result.centres] == expected


def test_three_centres_in_conflict_are_listed_in_order():
    centres = tuple(full_centre(id=i, registered=("Q",)) for i in ("C3", "C1", "C2"))
    result = score_assessment(Assessment(2024, centres))
    assert result.conflicts[0].centre_ids == ("C3", "C1", "C2")

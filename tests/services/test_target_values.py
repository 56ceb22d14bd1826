"""Target values end to end: what is stored, scored, dumped and printed for ranges, periods and dates without a year."""

import json
from dataclasses import replace
from decimal import Decimal

from app.documents.interchange import project_to_dict
from app.domain.projects import IndicatorDraft, review_project
from app.services import projects
from tests.factories import INDICATORS, make_draft, make_project

RANGE = IndicatorDraft("产出指标", "数量指标", "培训人数", "20～30人", "", "")
YEARLESS = IndicatorDraft("产出指标", "时效指标", "完成时限", "9月底前", "", "")
IN_WORDS = IndicatorDraft("产出指标", "数量指标", "考察次数", "两次", "", "")
NO_NUMBER = IndicatorDraft("效益指标", "社会效益指标", "满意度", "满意度≥", "", "")


def with_rows(*rows):
    return make_draft(indicators=INDICATORS + rows)


def test_a_range_is_stored_with_its_bounds(app):
    project = make_project(indicators=INDICATORS + (RANGE,))
    row = projects.get_project(project.id).indicators[-1]
    assert (row.target_kind, row.target_comparator, row.target_value, row.target_unit) == ("range", None, None, "人")
    assert (row.target_lower, row.target_upper) == (Decimal(20), Decimal(30))


def test_a_deadline_without_a_year_is_stored_in_the_projects_year(app):
    project = make_project(year=2025, indicators=INDICATORS + (YEARLESS,))
    row = projects.get_project(project.id).indicators[-1]
    assert row.target_kind == "deadline" and str(row.target_deadline) == "2025-09-30"
    assert row.target_text == "9月底前"  # kept as written


def test_an_update_rewrites_the_parsed_fields(app):
    project = make_project(indicators=INDICATORS + (RANGE,))
    projects.update_project(project, with_rows(replace(RANGE, target_text="≥25人")))
    row = projects.get_project(project.id).indicators[-1]
    assert (row.target_kind, row.target_comparator, row.target_value) == ("quantitative", ">=", Decimal(25))
    assert (row.target_lower, row.target_upper) == (None, None)


def test_the_review_warns_about_suspicious_values_beside_their_field(app):
    review = review_project(with_rows(IN_WORDS, NO_NUMBER))
    assert review.ok
    warned = {p.field: p.message for p in review.warnings}
    assert warned["indicators-6-target_text"] == "第 7 行指标：指标值“两次”数字写成了汉字，请核对读法"
    assert warned["indicators-7-target_text"] == "第 8 行指标：指标值“满意度≥”有比较符“≥”但没有数值，将作定性指标评价"
    assert not any(p.field.startswith("indicators-") for p in review_project(make_draft()).warnings)


def test_a_yearless_deadline_is_not_flagged_once_the_year_is_known(app):
    review = review_project(with_rows(YEARLESS))
    assert not [p for p in review.warnings if p.field == "indicators-6-target_text"]


def test_a_range_cost_above_the_budget_is_warned(app):
    cost = IndicatorDraft("产出指标", "成本指标", "成本", "30-40万元", "", "")
    warned = [p.message for p in review_project(with_rows(cost)).warnings]
    assert any("成本指标“30-40万元”超过预算数" in m for m in warned)


def test_the_dump_gives_ranges_their_bounds_and_dates_the_projects_year(app):
    project = make_project(year=2025, indicators=INDICATORS + (RANGE, YEARLESS))
    rows = project_to_dict(projects.get_project(project.id))["indicators"]
    assert rows[-2]["target"] == {"text": "20～30人", "kind": "range", "comparator": None, "value": None,
                                  "unit": "人", "deadline": None, "lower": "20", "upper": "30"}
    assert rows[-1]["target"]["deadline"] == "2025-09-30"
    assert "lower" not in rows[0]["target"]


def test_cli_target_parse_json_adds_bounds_for_ranges_only(runner, app):
    result = runner.invoke(args=["target", "parse", "20～30人", "≥95%且≤100%", "≥17台", "9月底前", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0] == {"text": "20～30人", "kind": "range", "comparator": None, "value": None, "unit": "人",
                       "deadline": None, "lower": "20", "upper": "30"}
    assert (data[1]["kind"], data[1]["lower"], data[1]["upper"], data[1]["unit"]) == ("range", "95", "100", "%")
    assert set(data[2]) == set(data[3]) == {"text", "kind", "comparator", "value", "unit", "deadline"}
    assert data[3]["kind"] == "qualitative"  # no year given


def test_cli_target_parse_takes_the_projects_year(runner, app):
    result = runner.invoke(args=["target", "parse", "9月底前", "2023.07-2024.01", "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    assert [t["deadline"] for t in json.loads(result.stdout)] == ["2024-09-30", "2024-01-31"]


def test_cli_target_parse_text_output_shows_the_reading_and_the_warning(runner, app):
    result = runner.invoke(args=["target", "parse", "20～30人", "abc≥"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["20～30人\t20–30 人", "abc≥\t定性（有比较符“≥”但没有数值，将作定性指标评价）"]


def test_cli_target_parse_refuses_a_year_out_of_range(runner, app):
    result = runner.invoke(args=["target", "parse", "9月底前", "--year", "99"])
    assert result.exit_code != 0


def test_parse_api_reads_the_forms_year(client, app):
    data = client.get("/api/targets/parse?text=9月底前&text=20～30人&year=2024").get_json()
    assert data[0]["kind"] == "deadline" and data[0]["understood"] == "截止 2024-09-30"
    assert data[1]["understood"] == "20–30 人" and (data[1]["lower"], data[1]["upper"]) == ("20", "30")
    without = client.get("/api/targets/parse?text=9月底前").get_json()
    assert without[0]["kind"] == "qualitative" and "未写年份" in without[0]["understood"]


def test_the_project_page_reads_targets_in_the_projects_year(client, app):
    project = make_project(year=2025, indicators=INDICATORS + (RANGE, YEARLESS))
    page = client.get(f"/projects/{project.id}").text
    assert "截止 2025-09-30" in page and "20–30 人" in page and "未写年份" not in page

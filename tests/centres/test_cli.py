"""``jixiao centre score`` and ``jixiao orders score`` end to end."""

import json

import pytest
from flask import Flask

from app.centres import register
from tests.centres.builders import centre_doc, contract_document, service_doc


@pytest.fixture
def runner():
    app = Flask("centres")
    register(app)
    return app.test_cli_runner()


def run(runner, tmp_path, command, document, *options):
    path = tmp_path / "input.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return runner.invoke(args=[command, "score", str(path), *options])


def test_create_app_registers_the_commands():
    from app import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"})
    assert {"centre", "orders"} <= set(app.cli.commands)



def test_centre_score_json(runner, tmp_path):
    result = run(runner, tmp_path, "centre", contract_document(), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["year"] == 2024
    assert document["conflicts"] == [{"category": "growth10", "code": "SHARED", "centres": ["C1", "C2"]}]
    one, two, three = document["centres"]
    assert set(one) == {"id", "total", "grade", "parts", "findings", "missing"}
    assert one["parts"] == {
        "S1": 6, "S2": 5, "S3": 5, "R1": 8, "R2": 10, "R3": 7, "R4": 9, "R5": 5,
        "R6": 6.0, "R7": 20.3, "B1": 0, "B2": 1, "B3": 4, "bonus": 5,
    }
    assert one["total"] == 86.3 and one["grade"] == "良好"
    assert {"part": "R3", "clause": "000 第九条（二）3", "text": "破零企业 7 家，少 3 家，扣 3 分"} in one["findings"]
    assert "再录入 37 条有效服务数据可得满分" in one["missing"]
    assert "报检、翻译 无有效服务数据" in one["missing"]
    assert all(set(f) == {"part", "clause", "text"} for f in one["findings"])
    assert two["parts"]["R4"] == 0 and three["parts"]["R4"] == 1
    assert two["id"] == "C2" and two["total"] == 5 and two["grade"] == "较差"


def test_centre_score_numbers_are_rounded_json_numbers(runner, tmp_path):
    document = {"year": 2024, "centres": [centre_doc(services=service_doc(479))]}
    parts = json.loads(run(runner, tmp_path, "centre", document, "--json").stdout)["centres"][0]["parts"]
    assert parts["R7"] == 23.9 and isinstance(parts["R7"], float)
    assert parts["S1"] == 6


def test_centre_defaults_for_missing_keys(runner, tmp_path):
    result = run(runner, tmp_path, "centre", {"year": 2024, "centres": [{"id": "C9"}]}, "--json")
    centre = json.loads(result.stdout)["centres"][0]
    assert centre["total"] == 5  # only S3: no complaints
    assert centre["grade"] == "较差"


def test_centre_score_text(runner, tmp_path):
    result = run(runner, tmp_path, "centre", contract_document())
    assert result.exit_code == 0
    assert "C1 武汉经开区外贸综合服务中心：86.3 分，良好" in result.stdout
    assert "000 第九条（二）3" in result.stdout
    assert "SHARED" in result.stdout


def test_orders_score_json(runner, tmp_path):
    document = {"year": 2020, "regions": [{"name": "杭州市", "cases": 3, "months": [
        {"month": 1, "fill_share": 0.82, "prev_accuracy": 0.9, "completion": 0.75,
         "asked": 40, "answered": 38, "warned": 0, "feedback": 0, "sluggish": 0},
        {"month": 5, "fill_share": 0.8, "prev_accuracy": 0.8, "completion": 0.8,
         "asked": 10, "answered": 10, "warned": 20, "feedback": 10, "sluggish": 1},
        {"month": 6, "fill_share": 0.7, "prev_accuracy": 0.7, "completion": 0.7,
         "asked": 0, "answered": 0, "warned": 3, "feedback": 1, "sluggish": 0},
    ]}, {"name": "宁波市", "cases": 9, "months": [
        {"month": 12, "fill_share": 1, "prev_accuracy": 1, "completion": 1, "asked": 0, "answered": 0,
         "warned": 0, "feedback": 0, "sluggish": 40}]}]}
    result = run(runner, tmp_path, "orders", document, "--json")
    assert result.exit_code == 0, result.output
    hangzhou, ningbo = json.loads(result.stdout)["regions"]
    # months: fill 0.816, 0.8, 0.7; response 0.95, 0.9*0.96+0.1*0.5−0.01 = 0.904, 0.5*0.96+0.5/3
    assert hangzhou["months"] == [
        {"month": 1, "fill_rate": 0.816, "response_rate": 0.95},
        {"month": 5, "fill_rate": 0.8, "response_rate": 0.904},
        {"month": 6, "fill_rate": 0.7, "response_rate": 0.6467},
    ]
    assert hangzhou == {
        "name": "杭州市", "fill_rate": 0.772, "response_rate": 0.8336, "bonus": 0.3,
        "fill_met": False, "response_met": False, "months": hangzhou["months"],
    }
    assert ningbo["response_rate"] == 0.6 and ningbo["bonus"] == 0.5 and ningbo["fill_met"] is True


def test_orders_score_text(runner, tmp_path):
    document = {"regions": [{"name": "温州市", "months": [{"month": 2, "fill_share": 0.9, "prev_accuracy": 0.9, "completion": 0.9}]}]}
    result = run(runner, tmp_path, "orders", document)
    assert result.exit_code == 0
    assert "温州市：全年填报率 90.00%" in result.stdout


def bad_centre(**changes):
    centre = centre_doc(services=service_doc(3))
    centre.update(changes)
    return {"year": 2024, "centres": [centre]}


def bad_service(number, **changes):
    document = bad_centre()
    document["centres"][0]["services"][number - 1].update(changes)
    return document


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (bad_service(3, item="报关2"), "中心 C1 的第 3 条服务记录：服务事项“报关2”不在 14 项服务之内"),
        (bad_service(2, requested="2024-13-01"), "中心 C1 的第 2 条服务记录：服务需求日期（requested）“2024-13-01”不是有效日期"),
        (bad_service(1, evaluated="2024/05/20"), "中心 C1 的第 1 条服务记录：评价日期（evaluated）“2024/05/20”不是有效日期"),
        (bad_service(2, evaluated="2024-04-30"), "中心 C1 的第 2 条服务记录：评价日期 2024-04-30 早于服务需求日期 2024-05-01"),
        (bad_service(1, rating="good"), "中心 C1 的第 1 条服务记录：评价（rating）“good”"),
        (bad_service(1, requested=None), "中心 C1 的第 1 条服务记录：缺少服务需求日期"),
        (bad_centre(staff=-1), "中心 C1：工作人员数（staff）不能为负数"),
        (bad_centre(complaints=1.5), "中心 C1：有效投诉数（complaints）应为整数"),
        (bad_centre(level="county"), "中心 C1：园区级别（level）“county”"),
        (bad_centre(trainings=[{"date": "2024-04-10", "companies": -3}]), "中心 C1 的第 1 场培训：参会企业数（companies）不能为负数"),
        (bad_centre(first_trade=["A", ""]), "中心 C1：破零企业（first_trade）第 2 项"),
        ({"year": 2024, "centres": [centre_doc(), centre_doc()]}, "中心 C1：中心编号重复出现 2 次"),
        ({"year": 2024, "centres": [{"name": "无编号"}]}, "第 1 个中心：缺少中心编号（id）"),
        ({"year": 2024, "assignments": {"growth10": {"X": "C7"}}, "centres": [{"id": "C1"}]}, "企业 X 归口至不存在的中心 'C7'"),
        ({"year": 2024, "assignments": {"exports": {}}, "centres": [{"id": "C1"}]}, "类别“exports”"),
        ([1, 2], "文件内容：应为 JSON 对象"),
        ({"year": 2024}, "缺少中心列表（centres）"),
    ],
)
def test_centre_bad_input_is_refused(runner, tmp_path, document, message):
    result = run(runner, tmp_path, "centre", document, "--json")
    assert result.exit_code != 0
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_centre_reports_every_problem_at_once(runner, tmp_path):
    document = bad_service(3, item="报关2")
    document["centres"][0]["staff"] = -2
    result = run(runner, tmp_path, "centre", document)
    assert result.exit_code == 1
    assert "报关2" in result.stderr and "staff" in result.stderr


def month(**changes):
    values = {"month": 1, "fill_share": 0.8, "prev_accuracy": 0.8, "completion": 0.8,
              "asked": 10, "answered": 8, "warned": 5, "feedback": 4, "sluggish": 0}
    values.update(changes)
    return values


def regions(*months, name="杭州市"):
    return {"year": 2020, "regions": [{"name": name, "cases": 1, "months": list(months)}]}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (regions(month(answered=11)), "地区 杭州市 的第 1 条月度数据（1 月）：响应数（answered）11 超过提问数（asked）10"),
        (regions(month(), month(month=2, feedback=6)), "地区 杭州市 的第 2 条月度数据（2 月）：五色清单反馈企业数（feedback）6 超过预警企业数（warned）5"),
        (regions(month(fill_share=1.2)), "当月填报企业数占比（fill_share）应在 0 到 1 之间，现为 1.2"),
        (regions(month(completion=-0.1)), "当年填报完成度（completion）应在 0 到 1 之间"),
        (regions(month(prev_accuracy="90%")), "上月填报准确率（prev_accuracy）应为 0 到 1 之间的数"),
        (regions(month(month=13)), "地区 杭州市 的第 1 条月度数据：月份（month）应在 1 到 12 之间，现为 13"),
        (regions(month(month=0)), "月份（month）应在 1 到 12 之间，现为 0"),
        (regions(month(), month(month=1)), "地区 杭州市：1 月的数据出现 2 次"),
        (regions(month(sluggish=-1)), "响应拖沓、答复草率次数（sluggish）不能为负数"),
        (regions(month(asked=2.5)), "提问数（asked）应为整数"),
        (regions(), "地区 杭州市：没有月度数据"),
        ({"regions": [{"name": "杭州市", "months": [month()]}, {"name": "杭州市", "months": [month()]}]}, "地区名称重复出现 2 次"),
        ({"regions": [{"months": [month()]}]}, "第 1 个地区：缺少地区名称（name）"),
    ],
)
def test_orders_bad_input_is_refused(runner, tmp_path, document, message):
    result = run(runner, tmp_path, "orders", document, "--json")
    assert result.exit_code != 0
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["centre", "orders"])
@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "不是有效的 JSON（第 1 行第 2 列）"), ('{"year": NaN}', "不是有效的 JSON"), ("", "不是有效的 JSON")],
)
def test_unreadable_files_are_refused(runner, tmp_path, command, text, message):
    result = run(runner, tmp_path, command, text, "--json")
    assert result.exit_code == 1
    assert message in result.stderr


@pytest.mark.parametrize("command", ["centre", "orders"])
def test_missing_file_is_refused(runner, tmp_path, command):
    result = runner.invoke(args=[command, "score", str(tmp_path / "none.json")])
    assert result.exit_code == 1
    assert "找不到文件" in result.stderr

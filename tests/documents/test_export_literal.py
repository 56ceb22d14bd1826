"""User text is printed literally: XML specials, template syntax, line breaks; control chars never corrupt."""

import zipfile
from io import BytesIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from app.documents.contexts import LAYOUTS, clean_text, document_context
from app.documents.docx_export import render_docx
from app.documents.tables import join_words, numbered, numbered_goals
from app.domain.readmodel import StoredDepartment, StoredProject
from tests.documents.test_export_docx import open_docx, real_rows, resolved_column, texts

SPECIALS = ["<", ">", "&", '"', "'", "{{ x }}", "{% if %}", "{%tr endfor %}", "{_{", "}_}", "{_%", "%_}",
            "{#", "\n", "\t", "&amp;", "]]>", "<w:t>", "指标", "≥95%", " ", "{{r x }}", "{%p if 1 %}", "\n\n",
            "（一）", "1.", "单位：万元", "一级指标"]
CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5) | st.sampled_from("，。、；：“”（）≥≤％"), max_size=8)
TEXT = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=8), CHINESE, st.sampled_from(SPECIALS)
    ),
    max_size=6,
).map("".join)
NONBLANK = TEXT.filter(lambda s: s.strip())


@st.composite
def projects(draw):
    indicators = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "level1": st.one_of(st.sampled_from(["产出指标", "效益指标"]), TEXT),
                    "level2": st.one_of(st.sampled_from(["数量指标", "质量指标"]), TEXT),
                    "name": TEXT, "description": TEXT, "target_text": TEXT, "basis": TEXT,
                }
            ),
            min_size=1, max_size=5,
        )
    )
    return {
        "unit": {"code": draw(TEXT), "name": draw(TEXT)},
        "code": draw(NONBLANK), "name": draw(TEXT), "purpose": draw(TEXT),
        "budget_total": "1.00", "budget_fiscal": "1.00", "budget_other": "0.00",
        "goals": draw(st.lists(TEXT, min_size=1, max_size=3)),
        "checkpoints": [{"month": 12, "amount": "1.00"}],
        "indicators": indicators,
    }


DEPARTMENTS = st.fixed_dictionaries(
    {
        "unit": st.fixed_dictionaries({"code": TEXT, "name": TEXT}),
        "overall": TEXT,
        "items": st.lists(st.fixed_dictionaries({"title": TEXT, "goal": TEXT, "indicator": TEXT}), max_size=2),
        "measures": st.lists(TEXT, max_size=2),
    }
)


def check_literal(project: dict, head_rows, indicator_rows, layout: str = "full") -> None:
    """Every text of the project in its two tables, exactly as given."""
    goals = "\n".join(numbered_goals(project["goals"]))  # "1. 2023年…" when a goal starts with a figure
    if layout == "full":
        assert texts(head_rows[0]) == ["项目编码", project["code"], "项目名称", project["name"]]
        assert head_rows[5][1]["text"] == goals
    else:
        assert texts(head_rows[0]) == ["项目名称", project["name"]]
        assert head_rows[3][1]["text"] == goals
    assert head_rows[2][1]["text"] == project["purpose"]
    body = indicator_rows[1:]
    items = project["indicators"]
    assert resolved_column(body, 0) == [i["level1"] for i in items]
    assert resolved_column(body, 1) == [i["level2"] for i in items]
    keys = ["name", "description", "target_text"] + (["basis"] if layout == "full" else [])
    for row, item in zip(body, items, strict=True):
        assert texts(row)[2:] == [item[k] for k in keys]


def expected_part_one(departments: list[dict]) -> list[str]:
    """The paragraphs of part 1 that carry the officer's text, in order (unit headings when several)."""
    expected = []
    for department in departments:
        heading = f"{department['unit']['code']}{department['unit']['name']}"
        if len(departments) > 1 and heading:  # an empty unit line prints no heading paragraph
            expected.append(heading)
        expected += [line for line in department["overall"].split("\n") if line.strip()]
        for n, item in enumerate(department["items"]):
            numeral = "一二"[n]
            expected += [f"（{numeral}）{item['title']}", f"绩效目标：{item['goal']}", f"绩效指标：{item['indicator']}"]
        expected += [f"（{'一二'[n]}）{m}" for n, m in enumerate(department["measures"])]
    return expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    project_list=st.lists(projects(), min_size=1, max_size=2),
    departments=st.lists(DEPARTMENTS, min_size=1, max_size=2),
    layout=st.sampled_from(LAYOUTS),
)
def test_random_text_comes_back_literally(project_list, departments, layout):
    stored = [StoredProject.from_interchange(p) for p in project_list]
    document = open_docx(render_docx(document_context(stored, [StoredDepartment.from_interchange(d) for d in departments]), layout))
    tables = document.tables
    assert len(tables) == 2 * len(project_list)
    for n, project in enumerate(project_list):
        check_literal(project, real_rows(tables[2 * n]), real_rows(tables[2 * n + 1]), layout)
    titles = [p.text for p in document.paragraphs if p.style.name == "Table Title" and p.text]
    assert titles == [numbered(n, join_words(p["name"], "绩效目标表")) for n, p in enumerate(project_list, start=1)]
    unit_lines = [p.text for p in document.paragraphs if p.style.name == "Unit Line"]
    assert unit_lines == [f"{p['unit']['code']}{p['unit']['name']}\t单位：万元" for p in project_list]
    styles = ("Unit Heading", "Body Indent", "Item Heading")
    body = [p.text for p in document.paragraphs if p.style.name in styles]
    assert body == expected_part_one(departments)


def test_control_characters_never_corrupt_the_document():
    nasty = "a\x0bb\x0cc\x00d\x1fe\x07f\r\ng\rh\ufffei\x08j"
    project = {
        "unit": {"code": "1", "name": nasty}, "code": nasty, "name": nasty, "purpose": nasty,
        "budget_total": "1", "budget_fiscal": "1", "budget_other": "0", "goals": [nasty],
        "checkpoints": [], "indicators": [
            {"level1": nasty, "level2": nasty, "name": nasty, "description": nasty, "target_text": nasty, "basis": nasty}
        ],
    }
    department = {"unit": {"code": "1", "name": "单位"}, "overall": nasty, "items": [{"title": nasty, "goal": nasty, "indicator": nasty}], "measures": [nasty]}
    content = render_docx(document_context([StoredProject.from_interchange(project)], [StoredDepartment.from_interchange(department)]), "full")
    with zipfile.ZipFile(BytesIO(content)) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # strict parser: raises on any illegal character
    document = open_docx(content)
    expected = "a\nb\ncdef\ng\nhij"
    assert clean_text(nasty) == expected
    rows = real_rows(document.tables[1])
    assert texts(rows[1]) == [expected] * 6
    assert real_rows(document.tables[0])[0][1]["text"] == expected
    assert f"绩效目标：{expected}" in [p.text for p in document.paragraphs]


def test_basic_layout_prints_text_literally():
    project = {
        "unit": {"code": "1", "name": "<单位>&"}, "code": None, "name": "{{ name }} {_{ y }_} {_% z %_}", "purpose": "{% if x %}y{% endif %}",
        "budget_total": "1", "budget_fiscal": "1", "budget_other": "0", "goals": ["第一行\n第二行"], "checkpoints": [],
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "a&b", "description": "<w:t>", "target_text": "≥1\"台\"", "basis": "x"}],
    }
    document = open_docx(render_docx(document_context([StoredProject.from_interchange(project)]), "basic"))
    head, indicators = (real_rows(t) for t in document.tables)
    assert texts(head[0]) == ["项目名称", "{{ name }} {_{ y }_} {_% z %_}"]
    assert head[2][1]["text"] == "{% if x %}y{% endif %}"
    assert head[3][1]["text"] == "1.第一行\n第二行"
    assert texts(indicators[1]) == ["产出指标", "数量指标", "a&b", "<w:t>", "≥1\"台\""]

"""Documents read right (issue 12, point 8): goals as paragraphs in the 自评表, percentages on one
line, file names that say each word once, numbers set apart from a name that starts with a figure."""

import os
import shutil
import subprocess
from dataclasses import replace
from io import BytesIO
from urllib.parse import quote

import pytest
from docx import Document
from sqlalchemy import select

from app.documents import selfeval_doc
from app.documents.tables import join_words, numbered, numbered_goals
from app.extensions import db
from app.models import Project
from app.services import demo, projects, selfeval

NAME = "2023年PECC国际贸易投资博览会"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_a_number_is_set_apart_from_a_name_that_starts_with_a_figure():
    assert numbered(1, "2025年外贸发展资金绩效目标表") == "1. 2025年外贸发展资金绩效目标表"
    assert numbered(2, "信息化运维项目绩效目标表") == "2.信息化运维项目绩效目标表"  # as the seeds print it
    assert numbered_goals(["2023年PECC博览会…", "保障运转"]) == ["1. 2023年PECC博览会…", "2.保障运转"]


def test_file_names_and_titles_say_each_word_once():
    assert join_words("外贸展会项目", "项目支出绩效自评表") == "外贸展会项目支出绩效自评表"
    assert join_words("外贸展会资金", "项目支出绩效自评表") == "外贸展会资金项目支出绩效自评表"
    assert join_words("X绩效目标", "绩效目标表") == "X绩效目标表"
    assert join_words("平台建设项", "项目支出绩效自评表") == "平台建设项项目支出绩效自评表"  # one character is no repetition


@pytest.fixture
def year_end(app):
    demo.load_demo()
    demo.load_demo_evaluations()
    project = db.session.scalar(select(Project).where(Project.name == NAME))
    draft = projects.draft_of(project)
    projects.update_project(project, replace(draft, goals=draft.goals + ("第二条目标：促成意向合作项目。",)))
    return selfeval.year_end(selfeval.get_project(project.id))


def goal_paragraphs(data: bytes) -> list:
    table = Document(BytesIO(data)).tables[0]
    for row in table.rows:
        cells = row._tr.tc_lst
        if any("1. 2023年PECC博览会" in "".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in cells):
            cell = next(tc for tc in cells if "1. 2023年PECC博览会" in "".join(t.text or "" for t in tc.iter(f"{W}t")))
            return list(cell.iter(f"{W}p"))
    pytest.fail("no goals cell")


def test_in_the_selfeval_sheet_each_goal_is_its_own_paragraph(year_end):
    paragraphs = goal_paragraphs(selfeval_doc.render([year_end]))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    assert len(texts) == 2 and texts[0].startswith("1. 2023年PECC博览会认真贯彻") and texts[1] == "2.第二条目标：促成意向合作项目。"
    assert not any(list(p.iter(f"{W}br")) for p in paragraphs)  # no manual line break inside a justified paragraph


def test_the_selfeval_file_name_says_project_once(year_end, client):
    project = year_end.project
    projects.update_project(project, replace(projects.draft_of(project), name="外贸展会项目"))
    response = client.get(f"/projects/{project.id}/selfeval.docx")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert quote("2023年度外贸展会项目支出绩效自评表.docx") in disposition and quote("项目项目") not in disposition


@pytest.mark.slow
def test_percentages_stay_on_one_line_in_the_pdf(year_end, tmp_path):
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not soffice or not pdftotext:
        if os.environ.get("CI"):
            pytest.fail("soffice and pdftotext are required in CI (apt-get install -y libreoffice-writer poppler-utils)")
        pytest.skip("LibreOffice or pdftotext is not installed (apt-get install -y libreoffice-writer poppler-utils)")
    source = tmp_path / "selfeval.docx"
    source.write_bytes(selfeval_doc.render([year_end]))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "selfeval.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "97.45%" in text  # 执行率: "97.45" and "%" on two lines before

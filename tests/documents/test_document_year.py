"""The year a document's tables are read for, proven on real tables (tests/fixtures/real, addresses inside).

- 东莞 2019 prints "( 2019 年度)" with spaces around the figure;
- 慈溪 2023 is titled "2023年慈溪市重大政策和项目绩效目标情况" and its medium-term goal reads "到2025年，…":
  a year looked ahead to is a goal's horizon, not the table's year;
- 宝坻 2022 wraps its title over three lines, the year on the second ("…推进项目)2022年"), above the line the
  reader takes for the title.
A table that names no year anywhere (兵团 2021: only the page's notice does) is read with none, and the import
asks for one.
"""

import pytest

from app.documents.docx_import import parse_document
from app.documents.text_import import guess_year
from tests.documents.corpus import REAL


@pytest.mark.parametrize(("name", "year"), [
    ("guangdong_city_2019_dongguan_zhenjilianwang", 2019),
    ("zhejiang_county_2023_cixi_tuoyu", 2023),
    ("tianjin_prov_2022_baodi_fenwu", 2022),
    ("xinjiang_town_2021_bingtuan_liutuan_baoxianku", None),
])
def test_the_year_is_read_as_the_table_prints_it(name, year):
    path = REAL / f"{name}.txt"
    document = parse_document(path.read_bytes(), path.name)
    assert {p["year"] for p in document.projects} == {year}


def test_a_horizon_or_a_date_counts_only_when_nothing_else_names_a_year():
    assert guess_year(["2023年某项目绩效目标", "到2025年，服务体系基本健全"]) == 2023
    assert guess_year(["截至2026年底建成", "截止到2027年完成"]) == 2027  # nothing else: the latest horizon
    assert guess_year(["2020年度项目支出绩效自评表", "填报日期：2021年3月10日"]) == 2020
    assert guess_year(["( 2019 年度)"]) == 2019
    assert guess_year(["项目绩效目标表"]) is None

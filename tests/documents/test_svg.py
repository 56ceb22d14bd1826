"""The charts' shared scaffolding (app/documents/svg.py)."""

from decimal import Decimal

from lxml import etree

from app.documents.svg import Frame, close_chart, fmt, legend, open_chart, x_label, y_grid

FRAME = Frame(400, 200, 40, 10, 10, 50)


def test_the_frame_and_coordinates():
    assert (FRAME.plot_w, FRAME.plot_h, FRAME.plot_bottom) == (350, 140, 150)
    assert [fmt(Decimal(x)) for x in ("1.25", "1.35", "-0.05", "7")] == ["1.3", "1.4", "-0.1", "7.0"]


def test_a_chart_is_well_formed_and_named_and_its_texts_are_escaped():
    parts = open_chart(FRAME, "c", "c1", "标题 <b>&", "说明 <i>")
    parts += y_grid(FRAME, [(Decimal(150), "0"), (Decimal(10), "10 <x>")])
    parts.append(x_label(Decimal("40.04"), FRAME, "1月"))
    parts += legend(FRAME, [("swatch-a", "甲 & 乙")], y=190, gap=40, swatch=20, char_width=12)
    svg = etree.fromstring(close_chart(parts).encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find("s:title", ns).text == "标题 <b>&" and svg.find("s:desc", ns).text == "说明 <i>"
    assert [t.text for t in svg.iterfind(".//s:text", ns)] == ["0", "10 <x>", "1月", "甲 & 乙"]
    assert svg.find(".//s:g", ns).get("class") == "legend"


def test_a_title_id_may_be_given():
    svg = etree.fromstring(close_chart(open_chart(FRAME, "c", "c1", "t", title_id="own")).encode())
    assert svg.get("aria-labelledby") == "own"

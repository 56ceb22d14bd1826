"""The XML pieces and document set-up the template build scripts share.

``build.py``, ``build_selfeval.py`` and ``build_monitoring.py`` write their
tables by hand (python-docx only for the package, the page and the styles);
this module holds what they write alike: run properties, paragraph styles,
paragraphs, cells, rows and tables, the document defaults, the font table, the
core properties and the body. Each script keeps its own layout and styles.
"""

import datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'


def run_props(east_asia: str, size_pt: float, bold: bool = False) -> str:
    half_points = int(size_pt * 2)
    return (
        f'<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east_asia}" '
        f'w:cs="Times New Roman" w:hint="eastAsia"/>{"<w:b/><w:bCs/>" if bold else ""}'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def paragraph_style(style_id: str, name: str, ppr: str, rpr: str) -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


def para(style: str, *runs: str) -> str:
    """A paragraph of runs: literal text (a tag or label, escaped) or raw run XML."""
    body = "".join(r if r.startswith("<w:r>") else f'<w:r><w:t xml:space="preserve">{escape(r)}</w:t></w:r>' for r in runs)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{body}</w:p>'


def cell(*paragraphs: str, span: int = 1, vmerge: str | None = None, center: bool = True, empty_style: str) -> str:
    """A table cell; ``vmerge`` is "restart" or "continue"; no paragraphs: one empty ``empty_style`` paragraph."""
    props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    if center:
        props += '<w:vAlign w:val="center"/>'
    inner = "".join(paragraphs) or para(empty_style)
    return f"<w:tc>{'<w:tcPr>' + props + '</w:tcPr>' if props else ''}{inner}</w:tc>"


def row(*cells: str, header: bool = False, cant_split: bool = True) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr>{'<w:trPr>' + props + '</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def table(widths, rows: list[str], caption: str = "", cell_margin: int = 60) -> str:
    """A centred, fixed-layout table with single black borders, captioned ``caption`` (w:tblCaption)."""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    caption_xml = f'<w:tblCaption w:val="{caption}"/>' if caption else ""
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/>{caption_xml}</w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


class TableCells:
    """The cells of a one-table template whose text, left-aligned text and head styles are given."""

    def __init__(self, text: str, text_left: str, head: str, columns: int):
        self.text, self.text_left, self.head_style, self.columns = text, text_left, head, columns

    def cell(self, *paragraphs: str, **kwargs) -> str:
        return cell(*paragraphs, empty_style=self.text, **kwargs)

    def label(self, text: str, **kwargs) -> str:
        return self.cell(para(self.text, text), **kwargs)

    def head(self, text: str, **kwargs) -> str:
        return self.cell(para(self.head_style, text), **kwargs)

    def value(self, expr: str, left: bool = False, **kwargs) -> str:
        return self.cell(para(self.text_left if left else self.text, "{{ %s }}" % expr), **kwargs)  # noqa: UP031

    def tag_row(self, tag: str) -> str:
        """A row holding only a structural tag; docxtpl removes the row."""
        return row(self.cell(para(self.text, tag), span=self.columns))


def set_a4_page(document, *, landscape: bool, margins_mm: tuple[int, int, int, int], header_footer_mm: tuple[int, int]):
    """Set the one section to A4 with margins (top, bottom, left, right) and header/footer distances; return it."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(header_footer_mm[0]), Mm(header_footer_mm[1])
    return section


def set_core_properties(document, title: str, script: str) -> None:
    """Fixed core properties, so a rebuild writes the same package."""
    props = document.core_properties
    props.author = props.last_modified_by = "jixiao"
    props.title = title
    props.comments = f"generated by docx_templates/{script}"
    props.created = props.modified = datetime.datetime(2024, 1, 1)
    props.revision = 1


def setup_styles(document, east_asia: str, half_points: int, styles: tuple[str, ...]) -> None:
    """Replace the document defaults (font ``east_asia``, size in half points) and add ``styles``."""
    element = document.styles.element
    element.remove(element.find(qn("w:docDefaults")))
    element.insert(
        0,
        parse_xml(
            f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>'
            f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east_asia}" w:cs="Times New Roman"/>'
            f'<w:kern w:val="2"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/>'
            f"{SINGLE}</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for xml in styles:
        element.append(parse_xml(xml))


def setup_fonts(document, fonts: dict[str, tuple[str, str, str]]) -> None:
    """Add ``fonts`` (name: altName, family, pitch) to the font table; Word substitutes w:altName when a font is missing."""
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    part = document.part.part_related_by(rel_type)
    root = parse_xml(part.blob)
    for name, (alt, family, pitch) in fonts.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def fill_body(document, parts: list[str]) -> None:
    """Replace the body (all but its w:sectPr) with ``parts``: paragraph (``para``) and table XML."""
    body = document.element.body
    for child in list(body.iterchildren()):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    sect = body[-1]
    for xml in parts:
        if not xml.startswith("<w:tbl"):
            xml = xml.replace("<w:p>", f'<w:p {nsdecls("w")}>', 1)
        sect.addprevious(parse_xml(xml))


def build_document(setup_package, default_font: str, default_half_points: int, styles, fonts, parts: list[str]):
    """A new document: ``setup_package(document)`` (page, properties), then defaults, styles, fonts and body."""
    document = Document()
    setup_package(document)
    setup_styles(document, default_font, default_half_points, styles)
    setup_fonts(document, fonts)
    fill_body(document, parts)
    return document

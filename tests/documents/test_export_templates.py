"""The checked-in templates are what build.py makes, and ask only for keys the context supplies."""

import importlib.util
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from lxml import etree

from app.documents.contexts import LAYOUTS, context_keys, document_context
from app.documents.docx_export import TEMPLATE_DIR, merge_levels, template_path
from tests.documents.test_export_docx import fixture_document


def load_build():
    spec = importlib.util.spec_from_file_location("docx_templates_build", TEMPLATE_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def xml_parts(path: Path) -> dict[str, bytes]:
    """Every XML part of a package, canonicalised (C14N), by name."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: etree.tostring(etree.fromstring(archive.read(name)), method="c14n")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def test_checked_in_templates_match_the_build_script(tmp_path):
    written = load_build().main(tmp_path)
    assert [p.name for p in written] == [template_path(layout).name for layout in LAYOUTS]
    for path in written:
        fresh, stored = xml_parts(path), xml_parts(TEMPLATE_DIR / path.name)
        assert fresh.keys() == stored.keys()
        for name in fresh:
            assert fresh[name] == stored[name], f"{path.name}:{name} differs: run python docx_templates/build.py"


def test_build_and_renderer_agree_on_the_indicator_caption():
    from app.documents import docx_export

    assert load_build().INDICATOR_CAPTION == docx_export.INDICATOR_CAPTION


@pytest.mark.parametrize("layout", LAYOUTS)
def test_template_variables_are_supplied_by_the_context_builder(layout):
    assert DocxTemplate(template_path(layout)).get_undeclared_template_variables() <= context_keys()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_nested_key_exists(layout):
    """Render the demo data with StrictUndefined: a key the template wants and the builder lacks fails."""
    data = fixture_document()
    context = document_context(data["projects"], data["departments"] * 2)
    template = DocxTemplate(template_path(layout))
    template.render(context, jinja_env=Environment(undefined=StrictUndefined), autoescape=True)
    merge_levels(template.docx.element.body, context["projects"])

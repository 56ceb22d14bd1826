"""The checked-in templates are what build.py makes, and ask only for keys the context supplies."""

import importlib.util

import pytest
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from app.documents.contexts import LAYOUTS, context_keys, document_context
from app.documents.docx_export import TEMPLATE_DIR, merge_levels, template_path
from app.domain.readmodel import StoredDepartment, StoredProject
from tests.documents.test_export_docx import fixture_document


def load_build():
    spec = importlib.util.spec_from_file_location("docx_templates_build", TEMPLATE_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_script_writes_one_template_per_layout(tmp_path):
    # that each equals its checked-in file is tests/documents/test_template_builds.py
    written = load_build().main(tmp_path)
    assert [p.name for p in written] == [template_path(layout).name for layout in LAYOUTS]


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
    context = document_context(
        [StoredProject.from_interchange(p) for p in data["projects"]],
        [StoredDepartment.from_interchange(d) for d in data["departments"]] * 2,
    )
    template = DocxTemplate(template_path(layout))
    template.render(context, jinja_env=Environment(undefined=StrictUndefined), autoescape=True)
    merge_levels(template.docx.element.body, context["projects"])

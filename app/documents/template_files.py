"""Where the Word templates are: ``docx_templates/`` at the repository root, or its installed copy.

setup.cfg ships ``docx_templates/`` as the package data of a top-level package of
the same name, so an installed jixiao (``pip install .``, a wheel) finds the very
files the source tree holds; with an editable install or a checkout they are read
in place.
"""

import importlib.util
from pathlib import Path

PACKAGE = "docx_templates"
_MARKER = "target_full.docx"  # present in every complete copy


def find_template_dir() -> Path:
    """Return the directory of the .docx templates: the checkout's, else the installed package's."""
    source = Path(__file__).resolve().parents[2] / PACKAGE
    if (source / _MARKER).is_file():
        return source
    spec = importlib.util.find_spec(PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(location) / _MARKER).is_file():
            return Path(location)
    return source  # nothing found: opening a template then names the path it looked for


TEMPLATE_DIR = find_template_dir()

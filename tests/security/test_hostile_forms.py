"""Form fields with values no unit or year can have: the form says which field, nothing is stored, no 500."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Project
from tests.conftest import login
from tests.factories import form_data, make_unit, make_user


@pytest.mark.parametrize("field,value,message", [
    ("unit_id", "9" * 25, "预算单位"),
    ("unit_id", "2147483648", "预算单位"),
    ("year", "9" * 25, "年度"),
    ("year", "99999", "年度"),
])
def test_the_project_form_refuses_a_unit_or_year_out_of_range(app, field, value, message):
    unit = make_unit()
    client = login(app.test_client(), make_user("officer_a", ["officer"], [unit]))
    data = form_data(unit.id)
    data[field] = value
    response = client.post("/projects/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Project.id))) == 0

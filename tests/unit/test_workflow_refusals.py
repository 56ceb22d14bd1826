"""A refused review step says why (``StepRefused.reason``), so an edge can answer 403, 409 or 422 without reading the words."""

import pytest

from app.domain.access import Role
from app.domain.workflow import StepRefused, transition

BOTH = {Role.OFFICER, Role.REVIEWER}


@pytest.mark.parametrize(
    "state,action,roles,comment,own,reason,field",
    [
        ("submitted", "approve", {Role.OFFICER}, "", False, "role", ""),
        ("draft", "submit", {Role.AUDITOR}, "", False, "role", ""),
        ("draft", "approve", {Role.REVIEWER}, "", False, "state", ""),
        ("approved", "submit", {Role.OFFICER}, "", False, "state", ""),
        ("submitted", "approve", BOTH, "", True, "own", ""),
        ("submitted", "return", BOTH, "理由", True, "own", ""),
        ("submitted", "return", {Role.REVIEWER}, " ", False, "comment", "comment"),
        ("approved", "reopen", {Role.REVIEWER}, "", False, "comment", "comment"),
    ],
)
def test_each_refusal_names_its_reason(state, action, roles, comment, own, reason, field):
    with pytest.raises(StepRefused) as refused:
        transition(state, action, roles, comment, own=own)
    assert refused.value.reason == reason
    assert [p.field for p in refused.value.problems] == [field]

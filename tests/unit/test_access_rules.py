"""Pure rules: who may do what, the review cycle, the password policy, the zip guard."""

import io
import zipfile

import pytest

from app.documents.archives import check_zip
from app.domain.access import Permission, Principal, Role, allows, parse_roles, role_labels, visible_units
from app.domain.errors import DomainError
from app.domain.passwords import password_problems
from app.domain.workflow import Action, State, available, is_editable, transition

OFFICER_A = Principal(1, frozenset({Role.OFFICER}), frozenset({10}))
REVIEWER_A = Principal(2, frozenset({Role.REVIEWER}), frozenset({10}))
AUDITOR = Principal(3, frozenset({Role.AUDITOR}))
ADMIN = Principal(4, frozenset({Role.ADMIN}))


@pytest.mark.parametrize(
    "who,permission,unit,expected",
    [
        (OFFICER_A, Permission.PROJECT_EDIT, 10, True),
        (OFFICER_A, Permission.PROJECT_EDIT, 20, False),
        (OFFICER_A, Permission.PROJECT_READ, 20, False),
        (OFFICER_A, Permission.PROJECT_REVIEW, 10, False),
        (REVIEWER_A, Permission.PROJECT_READ, 10, True),
        (REVIEWER_A, Permission.PROJECT_EDIT, 10, False),
        (REVIEWER_A, Permission.PROJECT_REVIEW, 20, False),
        (AUDITOR, Permission.PROJECT_READ, 20, True),
        (AUDITOR, Permission.PROJECT_EDIT, 20, False),
        (AUDITOR, Permission.AUDIT_READ, None, True),
        (ADMIN, Permission.PROJECT_READ, 10, False),
        (ADMIN, Permission.USER_MANAGE, None, True),
        (ADMIN, Permission.AUDIT_READ, None, False),
        (None, Permission.SIGNED_IN, None, False),
    ],
)
def test_allows(who, permission, unit, expected):
    assert allows(who, permission, unit) is expected


def test_visible_units():
    assert visible_units(OFFICER_A, Permission.PROJECT_READ) == {10}
    assert visible_units(AUDITOR, Permission.PROJECT_READ) is None
    assert visible_units(ADMIN, Permission.PROJECT_READ) == frozenset()
    both = Principal(5, frozenset({Role.ADMIN, Role.OFFICER}), frozenset({10}))
    assert visible_units(both, Permission.PROJECT_READ) == {10}


def test_roles_read_and_print():
    assert parse_roles(["officer", "admin"]) == {Role.OFFICER, Role.ADMIN}
    with pytest.raises(ValueError, match="未知角色"):
        parse_roles(["boss"])
    assert role_labels(r for r in ("admin", "officer")) == "填报、管理员"


@pytest.mark.parametrize(
    "state,action,roles,comment,result",
    [
        ("draft", "submit", {Role.OFFICER}, "", State.SUBMITTED),
        ("returned", "submit", {Role.OFFICER}, "", State.SUBMITTED),
        ("submitted", "approve", {Role.REVIEWER}, "", State.APPROVED),
        ("submitted", "return", {Role.REVIEWER}, "理由", State.RETURNED),
        ("approved", "reopen", {Role.REVIEWER}, "理由", State.RETURNED),
        (None, "submit", {Role.OFFICER}, "", State.SUBMITTED),
    ],
)
def test_transitions(state, action, roles, comment, result):
    assert transition(state, action, roles, comment) is result


@pytest.mark.parametrize(
    "state,action,roles,comment,message",
    [
        ("draft", "approve", {Role.REVIEWER}, "", "当前状态为“草稿”"),
        ("submitted", "approve", {Role.OFFICER}, "", "只有审核人员可以审核通过"),
        ("draft", "submit", {Role.AUDITOR}, "", "只有填报人员"),
        ("submitted", "return", {Role.REVIEWER}, " ", "请填写理由"),
        ("approved", "reopen", {Role.REVIEWER}, "", "请填写理由"),
        ("approved", "submit", {Role.OFFICER}, "", "不能提交审核"),
        ("draft", "delete", {Role.OFFICER}, "", "未知的审核操作"),
    ],
)
def test_refused_transitions(state, action, roles, comment, message):
    with pytest.raises(DomainError, match=message):
        transition(state, action, roles, comment)


def test_who_submitted_does_not_judge_it():
    both = {Role.OFFICER, Role.REVIEWER}
    for action in ("approve", "return"):
        with pytest.raises(DomainError, match="不能审核本人提交的自评"):
            transition("submitted", action, both, "理由", own=True, subject="自评")
    assert transition("submitted", "approve", both, own=False) is State.APPROVED
    # reopening an approved table is not judging one's own submission
    assert transition("approved", "reopen", both, "预算调整", own=True) is State.RETURNED


def test_editable_states_and_available_steps():
    assert is_editable("draft") and is_editable("returned") and is_editable(None)
    assert not is_editable("submitted") and not is_editable("approved")
    assert [t.action for t in available("submitted", {Role.REVIEWER})] == [Action.APPROVE, Action.RETURN]
    assert [t.action for t in available("submitted", {Role.OFFICER})] == []


@pytest.mark.parametrize(
    "password,ok",
    [("Abcdef1!", True), ("abcdef12", False), ("ABCDEFG1!", True), ("Ab1!", False), ("abcdefg!1", True),
     ("密码Abc12345", True), ("abcdefgh", False), ("", False)],
)
def test_password_policy(password, ok):
    assert (password_problems(password) == []) is ok


def test_password_may_not_contain_the_name():
    assert "密码不能包含用户名" in password_problems("Zhangsan-1", name="zhangsan")


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_check_zip_accepts_an_office_file():
    check_zip(_zip({"[Content_Types].xml": b"<?xml version='1.0'?><Types/>", "word/document.xml": b"<w:document/>"}))


def test_check_zip_refuses_bombs_and_junk():
    with pytest.raises(DomainError, match="不是有效的 Office 文件"):
        check_zip(b"not a zip")
    with pytest.raises(DomainError, match="超过上限"):
        check_zip(_zip({f"f{i}.xml": b"<a/>" for i in range(30)}), max_entries=20)
    bomb = _zip({"word/document.xml": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(DomainError, match="压缩"):
        check_zip(bomb)
    with pytest.raises(DomainError, match="解压后超过"):
        check_zip(_zip({"a.bin": b"x" * 5000}, zipfile.ZIP_STORED), max_uncompressed=4000)


def test_check_zip_refuses_a_doctype():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(DomainError, match="DOCTYPE"):
        check_zip(_zip({"word/document.xml": evil}))

"""支出: a project's payments one by one, and a day's (or a night's) list for a unit in one call."""

import hashlib

from flask import abort

from app.api import auth, bp
from app.api.problems import ApiError, from_domain
from app.api.schemas import Paging, PaymentBatchIn, PaymentBatchOut, PaymentIn, PaymentOut, PaymentPage
from app.api.spec import operation
from app.documents.payments_import import SheetRow
from app.domain.access import Permission
from app.domain.errors import DomainError
from app.domain.money import format_money
from app.domain.payments import read_payment
from app.extensions import db
from app.models import Payment
from app.services import listing
from app.services import payments as payment_service
from app.services import projects as project_service
from app.services import units as unit_service


def payment_json(payment: Payment) -> dict:
    return PaymentOut(
        id=payment.id, project_id=payment.project_id, day=payment.day, amount=format_money(payment.amount),
        voucher=payment.voucher or "", source=payment.source, note=payment.note or "",
    ).model_dump(mode="json")


def payment_tag(payment: Payment) -> str:
    """A payment has no version (it is never changed, only deleted): its ETag is a digest of what it says."""
    text = "|".join(str(v) for v in (payment.id, payment.day, format_money(payment.amount), payment.voucher,
                                      payment.source, payment.note))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@operation(bp, "GET", "/projects/<int:project_id>/payments", tag="支出", summary="列出项目的支出记录",
           permission=Permission.PROJECT_READ, query=Paging, response=PaymentPage)
def list_payments(project_id: int, query: Paging):
    """按日期排序。"""
    project = project_service.get_project(project_id) or abort(404)
    page = listing.slice_page(payment_service.list_payments(project), query.page, query.per_page)
    return PaymentPage(items=[payment_json(p) for p in page.items], page=page.page, per_page=page.per_page,
                       total=page.total, pages=page.pages).model_dump(mode="json")


@operation(bp, "POST", "/projects/<int:project_id>/payments", tag="支出", summary="登记一笔支出",
           permission=Permission.PROJECT_EDIT, body=PaymentIn, response=PaymentOut, status=201, etag=True)
def add_payment(project_id: int, body: PaymentIn):
    """日期须在项目年度内；累计支出不能超过预算数（或调整后预算数）。"""
    project = project_service.get_project(project_id) or abort(404)
    draft = read_payment(project.year, body.day, body.amount, body.voucher, body.source, body.note)
    payment = payment_service.add_payment(project, draft)
    return (payment_json(payment), 201, {"ETag": f'"{payment_tag(payment)}"',
            "Location": f"/api/v1/projects/{project.id}/payments/{payment.id}"})


@operation(bp, "GET", "/projects/<int:project_id>/payments/<int:payment_id>", tag="支出", summary="读取一笔支出",
           permission=Permission.PROJECT_READ, response=PaymentOut, etag=True)
def get_payment(project_id: int, payment_id: int):
    payment = _payment(project_id, payment_id)
    return payment_json(payment), 200, {"ETag": f'"{payment_tag(payment)}"'}


@operation(bp, "DELETE", "/projects/<int:project_id>/payments/<int:payment_id>", tag="支出", summary="删除一笔支出",
           permission=Permission.PROJECT_EDIT, status=204, if_match="tag")
def delete_payment(project_id: int, payment_id: int, expected):
    """If-Match 为读取时的 ETag。"""
    payment = _payment(project_id, payment_id)
    if expected != "*" and str(expected) != payment_tag(payment):
        raise ApiError(412, "该支出记录与读取时不同，请重新读取", [("If-Match", f"当前 ETag 为 {payment_tag(payment)}")])
    payment_service.delete_payment(project_service.get_project(project_id), payment.id)
    return "", 204


def _payment(project_id: int, payment_id: int) -> Payment:
    payment = db.session.get(Payment, payment_id)
    if payment is None or payment.project_id != project_id:
        raise ApiError(404, f"项目 {project_id} 没有编号为 {payment_id} 的支出记录")
    return payment


@operation(bp, "POST", "/payments", tag="支出", summary="一次登记一个单位的一批支出（全部成功或全部不登记）",
           permission=Permission.PROJECT_EDIT, body=PaymentBatchIn, response=PaymentBatchOut, status=201)
def import_payments(body: PaymentBatchIn):
    """与页面“导入支出”相同：按项目编码（或名称）找到项目，逐条检查日期、金额、重复凭证号与预算；
    有一条不对则一条也不登记，errors 用 payments[N] 指明第几条（消息中的“第 N 行”从 1 起）。"""
    unit = unit_service.find_unit(body.unit.strip())
    if unit is None:
        raise ApiError(422, f"预算单位 {body.unit} 不存在", [("unit", f"预算单位 {body.unit} 不存在")])
    auth.require(Permission.PROJECT_EDIT, write=True, unit_id=unit.id)
    rows = [SheetRow(n, item.model_dump(mode="json")) for n, item in enumerate(body.payments, start=1)]
    try:
        summary = payment_service.import_rows(unit, body.year, rows)
    except DomainError as err:
        return from_domain(err, rows="payments")
    return PaymentBatchOut.model_validate(summary.to_json()).model_dump(mode="json"), 201

#!/usr/bin/env python3
"""Push a day's payments to jixiao through its API, then read back the unit's spending progress.

Standard library only, so it runs on the treasury side as it is:

    JIXIAO_TOKEN=jx_… python3 push_payments.py payments.csv --url http://jixiao.example:8000 \
        --unit 304001 --year 2024 [--day 2024-01-19]

The CSV is the import format of the payments page (app/fixtures/demo_payments_*.csv): a header
row with 项目编码 or 项目名称, 日期, 金额（万元）, and optionally 凭证号, 资金来源, 摘要. With
``--day`` only that day's rows are sent. The payments are stored all or none: on any bad row
nothing is stored and every problem is printed with the row it is on. The token needs the
``write`` scope (a 填报 user's token for the unit). See docs/api.md.
"""

import argparse
import csv
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

# Column meaning → header texts, matched at the start of the cell ("金额（万元）" is 金额).
HEADERS = {
    "code": ("项目编码", "项目代码"),
    "name": ("项目名称",),
    "day": ("日期", "支付日期", "支出日期", "付款日期"),
    "amount": ("金额", "支出金额", "支付金额", "付款金额"),
    "voucher": ("凭证号", "凭证编号", "凭证字号", "凭证"),
    "source": ("资金来源", "资金性质"),
    "note": ("摘要", "备注", "用途"),
}


class ApiError(Exception):
    """The API refused: ``problem`` is its problem document (title, detail, errors)."""

    def __init__(self, status: int, problem: dict):
        self.status, self.problem = status, problem
        lines = [f"{status} {problem.get('title', '')}：{problem.get('detail', '')}"]
        lines += [f"  {e.get('field', '')}: {e.get('message', '')}" for e in problem.get("errors", [])]
        super().__init__("\n".join(lines))


def read_csv(path: str, day: str | None = None) -> list[dict]:
    """The payments of a CSV file (UTF-8, with or without BOM), only those of ``day`` when given."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return []
    columns = {}
    for position, cell in enumerate(rows[0]):
        text = "".join(cell.split())
        for key, names in HEADERS.items():
            if key not in columns and any(text.startswith(name) for name in names):
                columns[key] = position
                break
    payments = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        item = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
        if day is None or item.get("day") == day:
            payments.append(item)
    return payments


def call(base_url: str, token: str, method: str, path: str, body=None, query=None):
    """One API call; the decoded JSON answer, or ApiError with the problem document."""
    url = base_url.rstrip("/") + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        text = err.read().decode("utf-8", "replace")
        try:
            problem = json.loads(text)
        except ValueError:
            problem = {"title": err.reason, "detail": text[:200]}
        raise ApiError(err.code, problem) from None
    return json.loads(text) if text else None


def push(base_url: str, token: str, unit: str, year: int, payments: list[dict]) -> dict:
    """Store the payments (all or none); return what was stored: {payments, total, projects}."""
    return call(base_url, token, "POST", "/api/v1/payments", {"unit": unit, "year": year, "payments": payments})


def progress(base_url: str, token: str, unit: str, year: int) -> dict:
    """The unit's spending progress for the year: every page of /api/v1/progress, with the totals."""
    page, items = 1, []
    while True:
        answer = call(base_url, token, "GET", "/api/v1/progress",
                      query={"year": year, "unit": unit, "page": page, "per_page": 500})
        items += answer["items"]
        if page >= answer["pages"]:
            return {"as_of": answer["as_of"], "totals": answer["totals"], "items": items}
        page += 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Push a day's payments to jixiao and print the unit's progress.")
    parser.add_argument("csv", help="payments CSV (项目编码/项目名称, 日期, 金额（万元）, 凭证号, 资金来源, 摘要)")
    parser.add_argument("--url", required=True, help="jixiao's address, e.g. http://127.0.0.1:5000")
    parser.add_argument("--unit", required=True, help="预算单位编码, e.g. 304001")
    parser.add_argument("--year", required=True, type=int)
    parser.add_argument("--day", help="only the payments of this day (YYYY-MM-DD)")
    parser.add_argument("--token-env", default="JIXIAO_TOKEN", help="environment variable holding the token")
    args = parser.parse_args(argv)
    token = os.environ.get(args.token_env, "")
    if not token:
        print(f"请在环境变量 {args.token_env} 中提供令牌（jx_…）", file=sys.stderr)
        return 2
    payments = read_csv(args.csv, args.day)
    if not payments:
        print("没有要推送的支出记录", file=sys.stderr)
        return 1
    try:
        stored = push(args.url, token, args.unit, args.year, payments)
        state = progress(args.url, token, args.unit, args.year)
    except ApiError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"已登记 {stored['payments']} 笔支出，共 {stored['total']} 万元")
    totals = state["totals"]
    print(f"{args.unit} {args.year} 年度截至 {state['as_of']}：预算 {totals['budget']} 万元，已支出 {totals['spent']} 万元，"
          f"执行率 {totals['rate']}，滞后项目 {totals['lagging']} 个")
    for item in state["items"]:
        flags = "；".join(item["flags"])
        print(f"  {item['code'] or '-'} {item['name']}：{item['spent']}/{item['budget']} 万元 {flags}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

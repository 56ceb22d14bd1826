"""Every rule of the progress maths names its source, and every source named is listed (app/domain/progress.py)."""

import ast
import inspect
import re

from app.domain import progress

TAG = re.compile(r"\[([\u4e00-\u9fff]{2})\]")  # a two-character Chinese tag: [计划]


def test_each_rule_cites_a_listed_source():
    source = inspect.getsource(progress)
    header = ast.get_docstring(ast.parse(source))
    listed = set(re.findall(r"^- \[([^\]]+)\]", header, flags=re.M))
    assert listed == {"计划", "序时", "偏差", "过半", "调减"}
    body = source[source.index('"""', source.index('"""') + 3) + 3:]
    cited = set(TAG.findall(body))
    assert cited == listed, f"cited but not listed: {cited - listed}; listed but never cited: {listed - cited}"
    for name in ("plan_at", "plan_within", "benchmark_at", "progress", "ProgressSettings"):
        assert TAG.search(inspect.getsource(getattr(progress, name))), f"{name} cites no source"

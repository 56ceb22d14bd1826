"""The reader's fast path for well-formed service records reads exactly what the full check reads."""

import itertools

from app.centres.rules.common import Checker
from app.centres.rules.hubei_input import _read_service, _well_formed_service

GOOD = {"client": "甲企业", "item": "报关", "matter": "代理报关", "requested": "2024-05-01",
        "evaluated": "2024-05-20", "rating": "satisfied"}
VARIANTS = {
    "client": ["甲企业", " 甲企业 ", "", "  ", None, 12, True],
    "item": ["报关", " 报关", "不存在的项目", "", None],
    "matter": ["代理报关", " 事项 ", None, 5, ""],
    "requested": ["2024-05-01", " 2024-05-01", "2024-5-1", "2024-02-30", "20240501", None, 20240501],
    "evaluated": ["2024-05-20", None, "2024-04-01", "bad", 3],
    "rating": ["satisfied", "dissatisfied", None, "none", 1],
}


def full(raw):
    check = Checker()
    record = _read_service(check, raw, "第 1 条")
    return record, check.problems


def test_every_combination_reads_alike_or_falls_back_to_the_full_check():
    keys = list(VARIANTS)
    fast_taken = 0
    for values in itertools.product(*(VARIANTS[k] for k in keys)):
        raw = {key: value for key, value in zip(keys, values, strict=True) if value is not None}
        record, problems = full(raw)
        fast = _well_formed_service(raw)
        if fast is not None:
            fast_taken += 1
            assert problems == [] and fast == record, raw
    assert fast_taken > 50  # the well-formed combinations do take it


def test_a_good_record_takes_the_fast_path_and_others_do_not():
    assert _well_formed_service(GOOD) == full(GOOD)[0]
    assert _well_formed_service(dict(GOOD, requested=" 2024-05-01")) is None  # the full check reads it
    assert _well_formed_service([GOOD]) is None and _well_formed_service({}) is None


def test_the_collector_pauses_while_a_year_is_built_and_resumes_after():
    import gc

    import pytest

    from app.centres.rules.common import bulk_objects

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), bulk_objects():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk_objects():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()

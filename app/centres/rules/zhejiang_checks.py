"""The field checks of a region (pure): what may be stored, named field by field."""

from app.domain.errors import Problem

MAX_NAME, MAX_PROVINCE = 100, 50


def region_problems(name: str, province: str) -> list[Problem]:
    """What is wrong with a region's (trimmed) name and province; the name's uniqueness is the service's."""
    problems = []
    if not name:
        problems.append(Problem("name", "请填写地区名称"))
    elif len(name) > MAX_NAME:
        problems.append(Problem("name", f"地区名称不能超过 {MAX_NAME} 字"))
    if len(province) > MAX_PROVINCE:
        problems.append(Problem("province", f"省份不能超过 {MAX_PROVINCE} 字"))
    return problems

"""The password policy (GB/T 22239-2019 8.1.4.1 身份鉴别: complexity)."""

import string

MIN_LENGTH = 8
MAX_LENGTH = 128
CLASSES_NEEDED = 3


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols the password uses."""
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or not (c.isalnum() or c.isspace()) for c in password),
        )
    )


def password_problems(password: str, *, name: str = "") -> list[str]:
    """Return what is wrong with a new password (an empty list when it is acceptable)."""
    problems = []
    password = password or ""
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少 {MIN_LENGTH} 位")
    if len(password) > MAX_LENGTH:
        problems.append(f"密码不能超过 {MAX_LENGTH} 位")
    if character_classes(password) < CLASSES_NEEDED:
        problems.append("密码须包含大写字母、小写字母、数字、符号中的至少三类")
    if name and len(name) >= 3 and name.lower() in password.lower():
        problems.append("密码不能包含用户名")
    return problems

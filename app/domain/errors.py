"""The error every layer understands: a rule was broken, with where and why."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field (a form path such as ``indicators-3-target_text``) and the message."""

    field: str
    message: str


class DomainError(ValueError):
    """One or more problems, each naming the field (form path) it belongs to."""

    def __init__(self, problems: "list[Problem] | tuple[Problem, ...] | str", field: str = ""):
        if isinstance(problems, str):
            problems = (Problem(field, problems),)
        self.problems = tuple(problems)
        super().__init__("；".join(p.message for p in self.problems))


class ConflictError(DomainError):
    """Someone else saved the same object since it was opened: nothing was saved."""

"""The error every layer understands: a rule was broken, with where and why."""

from app.domain.projects import Problem


class DomainError(ValueError):
    """One or more problems, each naming the field (form path) it belongs to."""

    def __init__(self, problems: "list[Problem] | tuple[Problem, ...] | str", field: str = ""):
        if isinstance(problems, str):
            problems = (Problem(field, problems),)
        self.problems = tuple(problems)
        super().__init__("；".join(p.message for p in self.problems))


class ConflictError(DomainError):
    """Someone else saved the same object since it was opened: nothing was saved."""

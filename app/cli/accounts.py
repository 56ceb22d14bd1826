"""``jixiao user``: accounts from the command line."""

import sys

import click

from app.cli import fail
from app.domain.access import ROLE_LABELS, Role
from app.domain.errors import DomainError
from app.services import accounts


@click.group("user")
def user_group() -> None:
    """用户账户."""


@user_group.command("create")
@click.argument("name")
@click.option(
    "--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]),
    help="officer 填报 | reviewer 审核 | auditor 审计 | admin 管理员 (repeat for several)",
)
@click.option("--unit", "unit_codes", multiple=True, help="单位编码 (repeat for several)")
@click.option("--display-name", default="", help="姓名")
@click.option(
    "--password-stdin", is_flag=True,
    help="read the password from standard input (for scripts); otherwise a random one is printed, to change at first login",
)
def create_command(name: str, roles: tuple[str, ...], unit_codes: tuple[str, ...], display_name: str, password_stdin: bool) -> None:
    """Create the account NAME. The password never comes from the command line."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("标准输入中没有密码")
    try:
        user, issued = accounts.create_user(
            name, roles, unit_codes=unit_codes, display_name=display_name, password=password
        )
    except DomainError as err:
        fail("未创建用户：" + "；".join(p.message for p in err.problems))
    labels = "、".join(ROLE_LABELS[Role(r)] for r in roles)
    units = "、".join(u.code for u in user.units) or "无"
    click.echo(f"已创建用户 {user.name}（{labels}；单位：{units}）")
    if password is None:
        click.echo(f"临时密码：{issued}（首次登录时必须修改）")


COMMANDS = [user_group]

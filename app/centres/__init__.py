"""Scoring of Hubei's foreign-trade service centres and Zhejiang's regions.

A separate module: the core never imports it; only create_app registers it.
"""

from flask import Flask


def register(app: Flask) -> None:
    """Add the centre commands to ``app.cli``."""
    from app.centres.cli import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)

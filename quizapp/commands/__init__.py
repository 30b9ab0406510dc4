"""The ``quizapp`` command's subcommands, a module per area; :mod:`quizapp.cli` is the command and adds them."""

from __future__ import annotations


def command_app():
    """The app, made from the environment's configuration, for a command that needs its database."""
    from quizapp import create_app

    return create_app()

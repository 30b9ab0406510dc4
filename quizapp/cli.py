"""The ``quizapp`` command."""

from __future__ import annotations

import os
import sys

import click

from quizapp.commands import command_app
from quizapp.commands.articles import articles_group, import_article
from quizapp.commands.banks import banks, draft_questions_command, validate
from quizapp.commands.exports import export_command
from quizapp.commands.paper import import_responses
from quizapp.lti.commands import lti


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """quizapp: media-literacy quizzes that cite their sources."""


@main.group()
def db() -> None:
    """Database commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Migrate to this revision.")
def db_upgrade(revision: str) -> None:
    """Create or migrate the database to the latest schema."""
    from quizapp import migrate

    app = command_app()
    migrate.upgrade(app, revision)
    click.echo(f"database is at {revision}: {_safe_url(app.config['SQLALCHEMY_DATABASE_URI'])}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.command()
def demo() -> None:
    """Create a demo teacher and a demo class with an open assignment, if they do not exist."""
    from quizapp.setup import DEMO_EMAIL, ensure_demo

    app = command_app()
    with app.app_context():
        made = ensure_demo()
        click.echo(f"Demo class code: {made.classroom.join_code}")
        click.echo(f"Teacher login:   {DEMO_EMAIL}")
        if made.password:
            click.echo(f"Password:        {made.password}   (shown once; change it after logging in)")
        else:
            click.echo(f"Password:        shown when it was created; reset it with: quizapp set-password {DEMO_EMAIL}")


def _read_password(prompt: bool) -> str:
    if sys.stdin.isatty() and prompt:
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@main.command("create-teacher")
@click.argument("email")
@click.option("--name", default="", help="The teacher's name as shown on pages.")
def create_teacher_command(email: str, name: str) -> None:
    """Create a teacher account; the password is read from a prompt or from standard input."""
    from quizapp.db import db as database
    from quizapp.teacher.accounts import AccountError, create_teacher

    app = command_app()
    password = _read_password(prompt=True)
    with app.app_context():
        try:
            create_teacher(email, password, name)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        database.session.commit()
    click.echo(f"created teacher {email.strip().lower()}")


@main.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set a teacher's password (read from a prompt or standard input); ends their other sessions."""
    from sqlalchemy import select

    from quizapp.db import db as database
    from quizapp.models import Teacher
    from quizapp.teacher.accounts import MIN_PASSWORD_LENGTH, hash_password, normalise_email

    app = command_app()
    password = _read_password(prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    with app.app_context():
        teacher = database.session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)))
        if teacher is None:
            raise click.ClickException(f"no teacher with email {email}")
        teacher.password_hash = hash_password(password)
        teacher.session_version += 1
        database.session.commit()
        click.echo(f"password changed for {teacher.email}; their other sessions have ended")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--behind-proxy", is_flag=True, help="Trust X-Forwarded-For/-Proto from a reverse proxy (HTTPS there).")
def serve(host: str, port: int, workers: int, behind_proxy: bool) -> None:
    """Serve the app with gunicorn (a production WSGI server)."""
    from quizapp.serve import prepare, run

    try:
        config, warnings = prepare(dict(os.environ), behind_proxy)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"quizapp is serving at http://{host}:{port}/  (Ctrl-C stops it)")
    run(host, port, workers, config)


# The commands of each area are defined in its own module (quizapp/commands/, quizapp/lti/commands.py).
for _command in (
    validate,
    banks,
    draft_questions_command,
    export_command,
    articles_group,
    import_article,
    import_responses,
    lti,
):
    main.add_command(_command)


if __name__ == "__main__":
    main()

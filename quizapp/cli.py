"""The ``quizapp`` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quizapp.banks import validate_paths
from quizapp.corpus import CorpusError, load_corpus

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """quizapp: media-literacy quizzes that cite their sources."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--articles",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of articles the banks cite (default: the project's seeds/).",
)
def validate(paths: tuple[Path, ...], articles: Path | None) -> None:
    """Check question banks (files or folders; default questions/) against the articles.

    Prints one line per problem as PATH:LINE: question ID: message and exits 1 if there are any.
    """
    try:
        corpus = load_corpus(articles or PROJECT_ROOT / "seeds")
    except CorpusError as exc:
        raise click.UsageError(str(exc)) from exc
    report = validate_paths(paths or [Path("questions")], corpus)
    for problem in report.problems:
        click.echo(str(problem))
    if report.problems:
        n = len(report.problems)
        click.echo(f"{n} problem{'s' if n != 1 else ''} in {report.files} file(s)", err=True)
        sys.exit(1)
    click.echo(report.summary())


def _app():
    from quizapp import create_app

    return create_app()


@main.group()
def db() -> None:
    """Database commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Migrate to this revision.")
def db_upgrade(revision: str) -> None:
    """Create or migrate the database to the latest schema."""
    from quizapp import migrate

    app = _app()
    migrate.upgrade(app, revision)
    click.echo(f"database is at {revision}: {_safe_url(app.config['SQLALCHEMY_DATABASE_URI'])}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.group()
def banks() -> None:
    """Question bank commands."""


@banks.command("load")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def banks_load(folder: Path | None) -> None:
    """Validate and load the banks in FOLDER (default: QUIZAPP_QUESTIONS) into the database.

    Edited questions get a new version; past attempts keep the version they answered.
    """
    from quizapp.banks import BankError
    from quizapp.setup import load_bank_folder
    from quizapp.web import corpus_of

    app = _app()
    with app.app_context():
        try:
            results = load_bank_folder(folder or app.config["QUIZAPP_QUESTIONS"], corpus_of(app))
        except BankError as exc:
            for problem in exc.problems:
                click.echo(str(problem))
            click.echo("nothing was loaded", err=True)
            sys.exit(1)
    for result in results:
        click.echo(str(result))


@main.command()
def demo() -> None:
    """Create a demo teacher and a demo class with an open assignment, if they do not exist."""
    from quizapp.setup import DEMO_EMAIL, ensure_demo

    app = _app()
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

    app = _app()
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

    app = _app()
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
def serve(host: str, port: int, workers: int) -> None:
    """Serve the app with gunicorn (a production WSGI server)."""
    from quizapp.serve import run

    click.echo(f"quizapp is serving at http://{host}:{port}/  (Ctrl-C stops it)")
    run(host, port, workers)


if __name__ == "__main__":
    main()

"""``quizapp validate``, ``banks load`` and ``draft-questions``: checking, loading and drafting question banks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quizapp.banks import validate_paths
from quizapp.commands import command_app
from quizapp.corpus import CorpusError, load_corpus
from quizapp.paths import PROJECT_ROOT
from quizapp.wording import counted


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--articles",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of articles the banks cite (default: the project's seeds/).",
)
@click.option(
    "--strict", is_flag=True, help="Fail on warnings too (an answer another question prints, a question asked twice)."
)
def validate(paths: tuple[Path, ...], articles: Path | None, strict: bool) -> None:
    """Check question banks (files or folders; default questions/) against the articles.

    Prints one line per problem as PATH:LINE: question ID: message and exits 1 if there are any;
    warnings (PATH:LINE: question ID: warning: ...) are printed too, and fail only with --strict.
    """
    try:
        corpus = load_corpus(articles or PROJECT_ROOT / "seeds")
    except CorpusError as exc:
        raise click.UsageError(str(exc)) from exc
    report = validate_paths(paths or [Path("questions")], corpus)
    for problem in sorted(report.problems + report.warnings):
        click.echo(str(problem))
    failed = report.problems + (report.warnings if strict else [])
    if failed:
        found = counted(len(report.problems), "problem")
        if strict:
            found += f" and {counted(len(report.warnings), 'warning')}"
        click.echo(f"{found} in {counted(report.files, 'file')}", err=True)
        sys.exit(1)
    click.echo(report.summary())


@click.group("banks")
def banks() -> None:
    """Question bank commands."""


@banks.command("load")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def banks_load(folder: Path | None) -> None:
    """Validate and load the banks in FOLDER (default: QUIZAPP_QUESTIONS) into the database.

    Edited questions get a new version; past attempts keep the version they answered.
    """
    from quizapp.bank_store import BankConflict
    from quizapp.banks import BankError
    from quizapp.corpus_cache import corpus_of
    from quizapp.setup import load_bank_folder

    app = command_app()
    with app.app_context():
        try:
            results = load_bank_folder(folder or app.config["QUIZAPP_QUESTIONS"], corpus_of(app))
        except BankError as exc:
            for problem in exc.problems:
                click.echo(str(problem))
            click.echo("nothing was loaded", err=True)
            sys.exit(1)
        except BankConflict as exc:
            click.echo(str(exc))
            click.echo("nothing was loaded", err=True)
            sys.exit(1)
    for result in results:
        click.echo(str(result))


@click.command("draft-questions")
@click.option(
    "--articles",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of articles to draft from (default: the project's seeds/).",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Bank file to write."
)
@click.option("--bank-id", default=None, help="Id of the drafted bank (default: from the file name).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def draft_questions_command(articles: Path | None, output: Path, bank_id: str | None, force: bool) -> None:
    """Draft questions from the articles into a bank file (YAML) for a teacher to review and edit.

    Proposes a match of quotations to their speakers, source questions on passages only some
    reports carry, a grid of passages against the reports, numeric questions on figures and
    true/false questions on quotations that reports print differently, and accurate-or-distorted
    (judge) questions, half of them distorted. Every drafted question validates against the articles.
    """
    from quizapp.banks.drafting import DraftError, draft_bank, slug

    folder = articles or PROJECT_ROOT / "seeds"
    if output.exists() and not force:
        raise click.UsageError(f"{output} already exists; add --force to overwrite it")
    try:
        corpus = load_corpus(folder)
        if not corpus:
            raise click.UsageError(f"{folder}: no articles (*.txt) to draft questions from")
        draft = draft_bank(corpus, bank_id or slug(output.stem) or "drafted-questions")
    except (CorpusError, DraftError) as exc:
        raise click.UsageError(str(exc)) from exc
    temporary = output.with_name(f".{output.name}.tmp")
    try:
        temporary.write_text(draft.yaml, encoding="utf-8")
        temporary.replace(output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    for note in draft.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {output}: {draft.summary()}; review every question before use", err=True)

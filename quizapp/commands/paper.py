"""``quizapp import-responses``: a paper quiz's answers, from a CSV, as scored paper attempts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quizapp.commands import command_app
from quizapp.exports import MAX_VERSIONS
from quizapp.wording import counted


@click.command("import-responses")
@click.argument("assignment_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--seed",
    default=None,
    help="The seed the versions were printed with (default: the bank id, as for export without --seed).",
)
@click.option(
    "--versions",
    type=click.IntRange(1, MAX_VERSIONS),
    default=None,
    help="How many versions were printed (default: any; a blank version is the quiz printed without versions).",
)
@click.option("--create-students", is_flag=True, help="Add students the class does not have, instead of refusing.")
@click.option("--replace", is_flag=True, help="Replace a student's earlier paper answers (online attempts stay).")
def import_responses(
    assignment_id: int, file: Path, seed: str | None, versions: int | None, create_students: bool, replace: bool
) -> None:
    """Import a paper quiz's answers (FILE, CSV) into assignment ASSIGNMENT_ID as scored paper attempts.

    The columns are student,version,question,answer: the question's number as printed on that
    version (or its id), and the answer as written (letters, T/F, text, a number, 1A 2C for
    matching, a sentence number). All or nothing: every problem is printed as FILE:LINE: message,
    nothing is imported and the exit status is 1.
    """
    from quizapp.corpus_cache import corpus_of
    from quizapp.db import db as database
    from quizapp.models import Assignment
    from quizapp.paper import MAX_BYTES, UNKNOWN_STUDENT, UNSHUFFLED
    from quizapp.paper_import import import_paper_answers

    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # one byte over is enough to refuse a file as too large
    except OSError as exc:
        raise click.BadParameter(f"cannot read {file}: {exc.strerror}", param_hint="FILE") from exc
    app = command_app()
    with app.app_context():
        assignment = database.session.get(Assignment, assignment_id)
        if assignment is None:
            raise click.BadParameter(f"no assignment with id {assignment_id}", param_hint="ASSIGNMENT_ID")
        bank_id = assignment.bank_id
        report = import_paper_answers(
            assignment,
            data,
            seed=seed,
            versions=versions,
            create_missing=create_students,
            replace=replace,
            corpus=corpus_of(app),
        )
        if report.ok:
            database.session.commit()
    if report.errors:
        for error in report.errors:
            click.echo(error.located(str(file)))
        click.echo(f"{counted(len(report.errors), 'error')}; nothing was imported", err=True)
        if any(error.kind == UNKNOWN_STUDENT for error in report.errors):
            click.echo("note: --create-students adds the students the class does not have", err=True)
        sys.exit(1)
    click.echo(report.summary)
    if report.created:
        added = counted(len(report.created), "student")
        click.echo(f"added {added} to the class: {', '.join(report.created)}", err=True)
    if report.replaced:
        replaced = counted(len(report.replaced), "student")
        click.echo(f"replaced the paper answers of {replaced}: {', '.join(report.replaced)}", err=True)
    if seed is None and any(version != UNSHUFFLED for version in report.versions):
        note = f"note: versions read with the default seed, the bank id {bank_id!r}; --seed picks another"
        click.echo(note, err=True)

"""``quizapp export``: a bank as a printable quiz or key, or for an LMS."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quizapp.corpus import CorpusError, load_corpus
from quizapp.paths import PROJECT_ROOT
from quizapp.wording import counted


def _exports():
    # The export command's choices come from the library; importing it is cheap (WeasyPrint, the
    # slow part, loads only when a PDF is made).
    import quizapp.exports

    return quizapp.exports


@click.command("export")
@click.argument("bank_or_file")
@click.option("--format", "fmt", required=True, type=click.Choice(list(_exports().FORMATS)), help="Output format.")
@click.option("--key", is_flag=True, help="The answer key instead of the quiz (html, pdf).")
@click.option(
    "--versions",
    type=click.IntRange(1, _exports().MAX_VERSIONS),
    default=None,
    help="Shuffled versions A, B, ... (html, pdf).",
)
@click.option("--seed", default=None, help="Seed for the shuffle (default: the bank id); same seed, same versions.")
@click.option("--questions", "question_ids", default=None, help="Only these question ids, comma-separated, in order.")
@click.option("--paper", type=click.Choice(_exports().PAPERS), default=None, help="Paper size (default a4).")
@click.option(
    "--appendix",
    type=click.Choice(_exports().APPENDICES),
    default=None,
    help="Reports after the quiz: whole, only the cited paragraphs, or none (default full).",
)
@click.option(
    "--articles",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of articles the banks cite (default: the project's seeds/).",
)
@click.option(
    "--questions-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of banks to find a bank id in (default: the project's questions/).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write; - is stdout.",
)
def export_command(
    bank_or_file: str,
    fmt: str,
    key: bool,
    versions: int | None,
    seed: str | None,
    question_ids: str | None,
    paper: str | None,
    appendix: str | None,
    articles: Path | None,
    questions_dir: Path | None,
    output: str,
) -> None:
    """Export a bank (an id, or a YAML file) as a printable quiz or key, or for an LMS.

    Formats: html and pdf (a quiz, or with --key its answer key; --versions shuffles), gift and
    moodle-xml (Moodle), qti (a QTI 2.1 package). The bank is validated first: its problems are
    printed and the exit status is 1. Notes on what a format cannot hold go to standard error.
    """
    from quizapp.banks import BankError
    from quizapp.exports import FORMATS, ExportError, ExportOptions, export
    from quizapp.exports.lookup import find_bank

    if not FORMATS[fmt].printable:
        given = [
            name
            for name, value in (
                ("--key", key),
                ("--versions", versions),
                ("--seed", seed),
                ("--paper", paper),
                ("--appendix", appendix),
            )
            if value
        ]
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            raise click.UsageError(f"{', '.join(given)} {verb} only to html and pdf; an LMS shuffles and keys itself")
    ids: tuple[str, ...] = ()
    if question_ids is not None:
        ids = tuple(part.strip() for part in question_ids.split(",") if part.strip())
        if not ids:
            raise click.UsageError("--questions needs at least one question id")
    try:
        corpus = load_corpus(articles or PROJECT_ROOT / "seeds")
        bank = find_bank(bank_or_file, questions_dir or PROJECT_ROOT / "questions", corpus)
        options = ExportOptions(key, versions or 1, seed, ids, paper or "a4", appendix or "full")
        result = export(bank, corpus, fmt, options)
    except (CorpusError, LookupError, ExportError) as exc:
        raise click.UsageError(str(exc)) from exc
    except BankError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{counted(len(exc.problems), 'problem')}; nothing was exported", err=True)
        sys.exit(1)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if options.shuffled and seed is None:
        click.echo(f"note: versions shuffled with the seed {bank.id!r} (the bank id); --seed picks another", err=True)
    try:
        with click.open_file(output, "wb") as handle:
            handle.write(result.data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    if output != "-":
        click.echo(f"wrote {output} ({fmt}, {len(result.data):,} bytes)", err=True)

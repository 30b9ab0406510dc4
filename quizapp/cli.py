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

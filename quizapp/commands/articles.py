"""``quizapp articles``: listing the articles and importing saved web pages (and ``import-article``, its old name)."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.corpus import CorpusError, load_corpus
from quizapp.paths import PROJECT_ROOT
from quizapp.wording import counted


def _import_options(command):
    """The options ``articles import`` and its old name ``import-article`` share."""
    options = [
        click.option(
            "--articles",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            default=None,
            help="Folder of articles to add it to (default: the project's seeds/).",
        ),
        click.option(
            "--outlet", default=None, help="The publisher (default: the one the page names, else Unknown outlet)."
        ),
        click.option("--headline", default=None, help="The headline (default: the page's own)."),
        click.option(
            "--date", "date_", default=None, metavar="YYYY-MM-DD", help="Publication date (default: the page's)."
        ),
        click.option("--author", default=None, help="The author(s) (default: the page's byline)."),
        click.option("--notes", default=None, help="Notes for teachers, kept in articles.yaml."),
        click.option(
            "--event",
            default=None,
            help="The story it reports on, as the other reports of it name it: they are compared with each other.",
        ),
        click.option(
            "--replace", is_flag=True, help="Overwrite the article with this id if it exists (default: refuse)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _import_page(
    file: Path,
    article_id: str | None,
    articles: Path | None,
    outlet: str | None,
    headline: str | None,
    date_: str | None,
    author: str | None,
    notes: str | None,
    event: str | None,
    replace: bool,
) -> None:
    """Import one saved page into the articles folder and print what was stored (both commands)."""
    from quizapp.corpus.html_import import (
        HtmlImportError,
        check_article_id,
        check_date,
        import_html_file,
        suggest_article_id,
        write_article,
    )

    # A malformed id or date is a usage error (exit 2), found before the page is even read.
    for value, check, hint in ((article_id, check_article_id, "ID"), (date_, check_date, "--date")):
        if value is not None:
            try:
                check(value)
            except HtmlImportError as exc:
                raise click.BadParameter(str(exc), param_hint=hint) from exc
    folder = articles or PROJECT_ROOT / "seeds"
    try:
        imported = import_html_file(file)
        if article_id is None:
            # With --replace, importing the same page again updates the article it made before.
            taken = () if replace else [path.stem for path in folder.glob("*.txt")]
            article_id = suggest_article_id(imported, taken)
        replaced = replace and (folder / f"{article_id}.txt").exists()
        article = write_article(
            folder,
            article_id,
            imported,
            outlet=outlet,
            headline=headline,
            date=date_,
            notes=notes,
            author=author,
            event=event,
            replace=replace,
        )
    except HtmlImportError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"id: {article.id}")
    click.echo(f"outlet: {article.outlet}")
    click.echo(f"headline: {article.headline}")
    click.echo(f"author: {article.author or 'none (the page names none; add one with --author)'}")
    click.echo(f"date: {article.date or 'none (the page gives none; add one with --date)'}")
    click.echo(f"event: {article.event or 'none (compared with no other report by default; add one with --event)'}")
    click.echo(f"paragraphs: {len(article.paragraphs)}")
    click.echo(f"first paragraph: {article.slice(article.paragraphs[0].span)}")
    if replaced:
        click.echo(
            f"note: replaced the article {article.id}; run quizapp validate, as banks may quote its old text", err=True
        )


@click.group("articles")
def articles_group() -> None:
    """The articles banks quote: list them, import saved web pages."""


@articles_group.command("import")
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--id",
    "article_id",
    default=None,
    metavar="ID",
    help="The article's id and file name (default: date_outlet_headline from the page, made unique).",
)
@_import_options
def articles_import(page: Path, article_id: str | None, **options) -> None:
    """Add a news article saved from a browser (PAGE, "Save page as… HTML") to the articles.

    The article's text is kept verbatim, without the site's menus, scripts, advertising, share
    buttons, related links and subscription promotions; its outlet, headline, author and date go
    into articles.yaml. A date or author the page does not give is never guessed. Existing
    articles are never overwritten unless --replace is given. Exits 1 when the page cannot be
    imported, and then nothing is written.
    """
    _import_page(page, article_id, **options)


@click.command("import-article", hidden=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("article_id", metavar="ID")
@_import_options
def import_article(file: Path, article_id: str, **options) -> None:
    """The old name of ``quizapp articles import FILE --id ID``."""
    _import_page(file, article_id, **options)


@articles_group.command("list")
@click.option(
    "--articles",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of articles (default: the project's seeds/).",
)
def articles_list(articles: Path | None) -> None:
    """List the articles banks can quote: id, date, outlet, author and headline, one per line."""
    try:
        corpus = load_corpus(articles or PROJECT_ROOT / "seeds")
    except CorpusError as exc:
        raise click.UsageError(str(exc)) from exc
    for article in corpus.values():
        by = f" (by {article.author})" if article.author else ""
        click.echo(f"{article.id}\t{article.date or 'no date'}\t{article.outlet}{by}: {article.headline}")
    click.echo(counted(len(corpus), "article"), err=True)

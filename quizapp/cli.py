"""The ``quizapp`` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from quizapp.banks import validate_paths
from quizapp.corpus import CorpusError, load_corpus
from quizapp.wording import counted

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
    from quizapp.bank_store import BankConflict
    from quizapp.banks import BankError
    from quizapp.corpus_cache import corpus_of
    from quizapp.setup import load_bank_folder

    app = _app()
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


def _exports():
    # The export command's choices come from the library; importing it is cheap (WeasyPrint, the
    # slow part, loads only when a PDF is made).
    import quizapp.exports

    return quizapp.exports


@main.command("export")
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


@main.command("draft-questions")
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


@main.group("articles")
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


@main.command("import-article", hidden=True)
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


@main.command("import-responses")
@click.argument("assignment_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--seed",
    default=None,
    help="The seed the versions were printed with (default: the bank id, as for export without --seed).",
)
@click.option(
    "--versions",
    type=click.IntRange(1, _exports().MAX_VERSIONS),
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
    app = _app()
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


if __name__ == "__main__":
    main()


from quizapp.lti.commands import lti as _lti_commands  # noqa: E402 - a group of its own module

main.add_command(_lti_commands)

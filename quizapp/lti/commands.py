"""``quizapp lti``: registering an LMS, showing the tool's addresses, and sending waiting grades."""

from __future__ import annotations

import sys

import click


def _app():
    from quizapp import create_app

    return create_app()


@click.group("lti")
def lti() -> None:
    """LTI 1.3: quizapp as a tool in Moodle, Canvas or another LMS."""


@lti.command("add-platform")
@click.option("--issuer", required=True, help="The platform's issuer (Moodle: its address; Canvas: https://canvas.instructure.com).")
@click.option("--client-id", required=True, help="The client id the platform gave quizapp.")
@click.option("--deployment-id", required=True, help="The deployment id the platform gave quizapp.")
@click.option("--jwks-url", required=True, help="The platform's public keyset URL.")
@click.option("--auth-url", required=True, help="The platform's authentication request (OIDC authorisation) URL.")
@click.option("--token-url", required=True, help="The platform's access token URL.")
@click.option("--name", default="", help="A name for the platform on the teachers' LMS page.")
def add_platform_command(**values: str) -> None:
    """Register an LMS (or add another deployment id to one registered before)."""
    from quizapp.db import db
    from quizapp.lti.keys import ensure_key
    from quizapp.lti.platforms import RegistrationError, add_platform

    with _app().app_context():
        try:
            platform = add_platform(**values)
        except RegistrationError as error:
            raise click.ClickException(str(error)) from error
        db.session.commit()
        ensure_key()
        click.echo(f"registered {platform.name} ({platform.issuer}, client id {platform.client_id}) "
                   f"with {len(platform.deployments)} deployment(s)")


@lti.command("list-platforms")
def list_platforms() -> None:
    """The registered platforms and their deployments."""
    from sqlalchemy import select

    from quizapp.db import db
    from quizapp.lti.models import LtiPlatform

    with _app().app_context():
        for platform in db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.id)):
            deployments = ", ".join(d.deployment_id for d in platform.deployments)
            click.echo(f"{platform.name}\t{platform.issuer}\t{platform.client_id}\tdeployments: {deployments}")


@lti.command("send-grades")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="Send at most this many scores in this run.")
def send_grades(limit: int) -> None:
    """Send the scores waiting for an LMS (run it from cron every few minutes); exit 1 if any still wait."""
    from quizapp.lti.grades import send_waiting, waiting_count

    with _app().app_context():
        report = send_waiting(limit=limit)
        for error in dict.fromkeys(report.errors):
            click.echo(f"not sent: {error}", err=True)
        click.echo(f"sent {report.sent}, failed {report.failed} (tried again later), held {report.held}; "
                   f"{waiting_count()} waiting")
        if report.failed:
            sys.exit(1)

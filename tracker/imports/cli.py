"""`flask --app wsgi import FILE --committee SLUG [--dry-run] [--skip-errors]`."""
from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from tracker.actions.rules import RuleError
from tracker.extensions import db
from tracker.imports import bp
from tracker.imports.parse import EXTENSIONS, MAX_BYTES, ImportFileError, guess_mapping, mapping_errors, read_table
from tracker.imports.rules import plan_import, run_import
from tracker.models import Committee


@bp.cli.command("import")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--committee", "slug", required=True, help="The committee's web address name, e.g. stronger-communities.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be imported; write nothing.")
@click.option("--skip-errors", is_flag=True, help="Import the valid rows even when some rows have errors.")
def import_command(path: Path, slug: str, dry_run: bool, skip_errors: bool) -> None:
    """Import an action log spreadsheet (.xlsx or .csv) into a committee, guessing the
    columns from the headings. Importing the same file again adds nothing twice."""
    committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
    if committee is None:
        raise click.BadParameter(f"no committee has the web address name {slug!r}", param_hint="--committee")
    extension = path.suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise click.BadParameter("the file must be .xlsx or .csv", param_hint="FILE")
    if path.stat().st_size > MAX_BYTES:
        raise click.ClickException(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        table = read_table(path.read_bytes(), extension)
    except ImportFileError as error:
        raise click.ClickException(str(error)) from None
    mapping = guess_mapping(table.headers)
    for name, index in mapping.items():
        click.echo(f"  {name:<13} <- {table.headers[index] if index is not None else '(not in the file)'}")
    problems = mapping_errors(mapping, table.headers)
    if problems:
        raise click.ClickException("Could not find every column: " + "; ".join(problems.values())
                                   + ". Rename the headings, or use the import page to choose the columns.")
    plan = plan_import(committee, table, mapping, path.name)
    for error in plan.errors:
        click.echo(f"Row {error.number}, {error.column}: {error.reason}", err=True)
    for skipped in plan.skipped:
        click.echo(f"Row {skipped.number}: skipped, {skipped.reason.lower()}")
    click.echo(
        f"{len(plan.rows)} to import, {plan.error_rows} with errors, {len(plan.skipped)} already imported; "
        f"{len(plan.new_meetings)} meetings to add."
    )
    if plan.errors and not skip_errors:
        db.session.rollback()
        raise click.ClickException("Nothing imported: fix the rows above, or use --skip-errors to import the valid rows.")
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing written.")
        return
    try:
        with click.progressbar(length=len(plan.rows), label="Importing", show_pos=True) as bar:
            created = run_import(plan, None, on_row=lambda: bar.update(1))
    except RuleError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Imported {len(created)} actions into {committee.name}.")

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.actions.rules import RuleError
from tracker.extensions import db
from tracker.htmx import redirect_after_post
from tracker.imports import bp, storage
from tracker.imports.forms import ConfirmForm, UploadForm
from tracker.imports.parse import (
    EXTENSIONS,
    FIELDS,
    MAX_BYTES,
    ImportFileError,
    Table,
    guess_mapping,
    mapping_errors,
    read_table,
)
from tracker.imports.rules import plan_import, run_import
from tracker.models import Committee, Role
from tracker.permissions import role_required


def _committees() -> list[Committee]:
    return db.session.scalars(select(Committee).order_by(Committee.name)).all()


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def new():
    """Upload an action log spreadsheet for a committee."""
    form = UploadForm(committees=_committees())
    if request.method == "GET":
        form.committee.data = request.args.get("committee", "")
        return render_template("imports/new.html", form=form)
    if form.validate_on_submit():
        upload = request.files.get("file")
        name = (upload.filename or "").strip() if upload else ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if not name:
            form.file.errors.append("Choose the spreadsheet to upload")
        elif extension not in EXTENSIONS:
            form.file.errors.append("The file must be an Excel workbook (.xlsx) or a CSV file (.csv)")
        else:
            data = upload.read(MAX_BYTES + 1)
            try:
                read_table(data, extension)
            except ImportFileError as error:
                form.file.errors.append(str(error))
            else:
                committee = db.session.scalar(select(Committee).where(Committee.slug == form.committee.data))
                upload_id = storage.save(data, name, extension, committee.id, current_user.id)
                return redirect_after_post(url_for("imports.preview", upload_id=upload_id))
    return render_template("imports/new.html", form=form), 422


def _upload_or_404(upload_id: str):
    upload = storage.load(upload_id, current_user.id)
    if upload is None:
        abort(404, description="This upload has expired or is not yours: upload the file again.")
    committee = db.session.get(Committee, upload.committee_id)
    if committee is None:
        abort(404, description="The committee no longer exists: upload the file again.")
    try:
        table = read_table(upload.data, upload.extension)
    except ImportFileError as error:  # checked at upload; only a changed limit gets here
        abort(400, description=str(error))
    return upload, committee, table


def _mapping_from(values, table: Table) -> tuple[dict[str, int | None], bool]:
    """The column choices in `values` (query or form), else the guesses from the headings."""
    if not any(f"col_{f.name}" in values for f in FIELDS):
        return guess_mapping(table.headers), False
    mapping: dict[str, int | None] = {}
    for f in FIELDS:
        raw = (values.get(f"col_{f.name}") or "").strip()
        mapping[f.name] = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else None
        if raw and mapping[f.name] is None:
            mapping[f.name] = -1  # tampered: reported as "choose a column of the file"
    return mapping, True


def _render_preview(upload, committee, table, mapping, status=200, message=None):
    errors = mapping_errors(mapping, table.headers)
    plan = None if errors else plan_import(committee, table, mapping, upload.filename)
    db.session.rollback()  # the preview reads only; make sure nothing lingers in the session
    return render_template(
        "imports/preview.html", upload=upload, committee=committee, table=table, mapping=mapping,
        fields=FIELDS, mapping_errors=errors, plan=plan, form=ConfirmForm(), message=message,
    ), (422 if errors and status == 200 else status)


@bp.get("/<upload_id>")
@role_required(Role.SCRUTINY)
def preview(upload_id: str):
    """The columns matched to the tracker's fields, and what importing would create."""
    upload, committee, table = _upload_or_404(upload_id)
    mapping, _chosen = _mapping_from(request.args, table)
    return _render_preview(upload, committee, table, mapping)


@bp.post("/<upload_id>")
@role_required(Role.SCRUTINY)
def confirm(upload_id: str):
    """Import every valid row, in one transaction; rows with errors are left out."""
    upload, committee, table = _upload_or_404(upload_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    mapping, _chosen = _mapping_from(request.form, table)
    if mapping_errors(mapping, table.headers):
        return _render_preview(upload, committee, table, mapping)
    plan = plan_import(committee, table, mapping, upload.filename)
    if not plan.rows:
        return _render_preview(upload, committee, table, mapping, status=422,
                               message="There is nothing to import: every row has an error or is already in the tracker.")
    try:
        created = run_import(plan, current_user)
    except RuleError as error:
        db.session.rollback()
        return _render_preview(upload, committee, table, mapping, status=409, message=error.message)
    db.session.commit()
    storage.discard(upload.id)
    skipped = len(plan.skipped) + plan.error_rows
    flash(
        f"Imported {len(created)} action{'s' if len(created) != 1 else ''} from {upload.filename}"
        + (f"; {len(plan.new_meetings)} meeting{'s' if len(plan.new_meetings) != 1 else ''} added" if plan.new_meetings else "")
        + (f"; {skipped} row{'s' if skipped != 1 else ''} not imported" if skipped else ""),
        "success",
    )
    return redirect_after_post(url_for("committees.show", slug=committee.slug))

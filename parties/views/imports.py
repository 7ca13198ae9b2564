"""Import pages: upload a file, see the preview and its row-by-row report, then confirm.

Between the preview and the confirmation the upload is kept by ``parties.import_files``
(under the organisation's own folder) and only its token is in the session, with the
organisation it belongs to. Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
to a temporary file rather than memory, so a very large upload is refused by its size
before a byte of it is read here; DATA_UPLOAD_MAX_MEMORY_SIZE does not count files.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from parties import import_files
from parties.forms import ImportUploadForm
from parties.services import imports as services
from parties.tables import ZIP_MAGIC
from relmgmt.tenancy.access import org_view

PREVIEW_VALID_ROWS = 100


def _kind(kind: str) -> services.ImportKind:
    try:
        return services.KINDS[kind]
    except KeyError as exc:
        raise Http404 from exc


def _session_key(kind) -> str:
    return f"parties_import_{kind.key}"


def _pending(request, kind) -> dict | None:
    pending = request.session.get(_session_key(kind))
    if not pending or pending.get("organization") != request.organization.pk:
        return None
    return pending


def _forget(request, kind, pending) -> None:
    import_files.remove(request.organization, pending["token"])
    request.session.pop(_session_key(kind), None)


@org_view(read="records.change", write="records.change")
def import_upload(request, kind):
    kind = _kind(kind)
    organization = request.organization
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        message = services.too_large(upload.size)
        if message:
            form.add_error("file", message)
        else:
            content = upload.read()
            try:
                services.check_file(organization=organization, kind=kind, content=content)
            except services.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                previous = _pending(request, kind)
                if previous:
                    import_files.remove(organization, previous["token"])
                extension = "xlsx" if content.startswith(ZIP_MAGIC) else "csv"
                token = import_files.store(organization, content, extension=extension)
                request.session[_session_key(kind)] = {
                    "organization": organization.pk,
                    "token": token,
                    "name": upload.name[:200],
                }
                return redirect("parties:import_preview", org_slug=organization.slug, kind=kind.key)
    context = {
        "form": form,
        "kind": kind,
        "max_mb": services.MAX_UPLOAD_BYTES // 1024 // 1024,
        "max_rows": services.MAX_ROWS,
    }
    return render(request, "parties/imports/upload.html", context)


@org_view(read="records.change", write="records.change")
def import_preview(request, kind):
    kind = _kind(kind)
    organization = request.organization
    pending = _pending(request, kind)
    content = import_files.read(organization, pending["token"]) if pending else None
    if content is None:
        if pending:
            request.session.pop(_session_key(kind), None)
        messages.warning(request, "There is no upload waiting (or it expired): upload the file.")
        return redirect("parties:import_upload", org_slug=organization.slug, kind=kind.key)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _forget(request, kind, pending)
        messages.success(request, "The upload is discarded; nothing was imported.")
        return redirect("parties:import_upload", org_slug=organization.slug, kind=kind.key)
    try:
        check = services.check_file(organization=organization, kind=kind, content=content)
    except services.ImportFileError as error:
        _forget(request, kind, pending)
        messages.error(request, str(error))
        return redirect("parties:import_upload", org_slug=organization.slug, kind=kind.key)
    if request.method == "POST":
        result = _confirm(request, kind, pending, content)
        if result is not None:
            return result
    context = {
        "kind": kind,
        "pending": pending,
        "check": check,
        "valid_count": len(check.valid_rows),
        "invalid_count": len(check.invalid_rows),
        "valid_sample": [
            (row.line, [row.cells[header] for header in check.headers])
            for row in check.valid_rows[:PREVIEW_VALID_ROWS]
        ],
    }
    return render(request, "parties/imports/preview.html", context)


def _confirm(request, kind, pending, content):
    organization = request.organization
    if request.POST.get("token") != pending["token"]:
        messages.error(request, "This preview is out of date: check the file below again.")
        return None
    valid_only = request.POST.get("skip_invalid") == "on"
    try:
        expected = int(request.POST["expected"]) if valid_only else None
    except (KeyError, ValueError):
        expected = -1
    try:
        count = services.import_file(
            organization=organization,
            actor=request.user,
            kind=kind,
            content=content,
            valid_only=valid_only,
            expected_rows=expected,
        )
    except services.ImportFileError as error:
        messages.error(request, str(error))
        return None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    _forget(request, kind, pending)
    messages.success(request, f"{count} {kind.label if count != 1 else kind.singular} imported.")
    return redirect("parties:party_list", org_slug=organization.slug)


@org_view(read="records.change")
def import_template(request, kind):
    kind = _kind(kind)
    buffer = io.StringIO()
    csv.writer(buffer).writerow(kind.headers)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind.key}-import-template.csv"'
    return response

"""Import pages shared by every import: upload a file, see the preview and its row-by-row
report, then confirm.

Between the preview and the confirmation the upload is kept by ``relmgmt.core.import_files``
(under the organisation's own folder) and only its token is in the session, with the
organisation it belongs to. Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
to a temporary file rather than memory, so a very large upload is refused by its size
before a byte of it is read here; DATA_UPLOAD_MAX_MEMORY_SIZE does not count files.

An app declares its pages once (``ImportPages``) and wires the three views in its URLs,
each behind ``org_view``. Confirming hands the file to the worker (``import_jobs``): the
person lands on the job's page (``import_job``), which follows it to the end.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from relmgmt.core import import_files, import_jobs
from relmgmt.core import imports as services
from relmgmt.core.access import org_view
from relmgmt.core.csv import CSV_CONTENT_TYPE, csv_text
from relmgmt.core.files import attachment_response
from relmgmt.core.models import ImportJob
from relmgmt.core.tables import ZIP_MAGIC

PREVIEW_VALID_ROWS = 100
# A file of tens of thousands of rows can have as many problems: the page lists the first.
PREVIEW_INVALID_ROWS = 1000


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


@dataclass(frozen=True)
class ImportPages:
    kinds: dict  # key -> ImportKind
    namespace: str  # URL namespace of the app: "<namespace>:import_upload" and so on
    section_label: str  # the breadcrumb back to the records
    section_url: str  # URL name of the records' list, also where a finished import lands
    kind_in_url: bool = True  # whether the URLs carry ``kind`` (several kinds per app)
    url_prefix: str = ""  # "<namespace>:<url_prefix>import_upload", for apps with several

    def _name(self, name: str) -> str:
        return f"{self.namespace}:{self.url_prefix}{name}"

    def _kind(self, key) -> services.ImportKind:
        try:
            return self.kinds[key]
        except KeyError as exc:
            raise Http404 from exc

    def _url_kwargs(self, request, kind) -> dict:
        kwargs = {"org_slug": request.organization.slug}
        if self.kind_in_url:
            kwargs["kind"] = kind.key
        return kwargs

    def _redirect(self, request, name, kind):
        return redirect(self._name(name), **self._url_kwargs(request, kind))

    def _context(self, request, kind, **extra) -> dict:
        kwargs = self._url_kwargs(request, kind)
        return {
            "kind": kind,
            "section_label": self.section_label,
            "section_url": reverse(self.section_url, kwargs={"org_slug": kwargs["org_slug"]}),
            "upload_url": reverse(self._name("import_upload"), kwargs=kwargs),
            "template_url": reverse(self._name("import_template"), kwargs=kwargs),
            **extra,
        }

    def _session_key(self, kind) -> str:
        return f"{self.namespace}_{self.url_prefix}import_{kind.key}"

    def _pending(self, request, kind) -> dict | None:
        pending = request.session.get(self._session_key(kind))
        if not pending or pending.get("organization") != request.organization.pk:
            return None
        return pending

    def _forget(self, request, kind, pending) -> None:
        import_files.remove(request.organization, pending["token"])
        request.session.pop(self._session_key(kind), None)

    def upload(self, request, kind=None):
        kind = self._kind(kind or next(iter(self.kinds)))
        organization = request.organization
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            message = services.too_large(kind, upload.size)
            if message:
                form.add_error("file", message)
            else:
                content = upload.read()
                try:
                    services.check_file(organization=organization, kind=kind, content=content)
                except services.ImportFileError as error:
                    form.add_error("file", str(error))
                else:
                    previous = self._pending(request, kind)
                    if previous:
                        import_files.remove(organization, previous["token"])
                    extension = "xlsx" if content.startswith(ZIP_MAGIC) else "csv"
                    token = import_files.store(organization, content, extension=extension)
                    request.session[self._session_key(kind)] = {
                        "organization": organization.pk,
                        "token": token,
                        "name": upload.name[:200],
                    }
                    return self._redirect(request, "import_preview", kind)
        context = self._context(request, kind, form=form)
        return render(request, "imports/upload.html", context)

    def preview(self, request, kind=None):
        kind = self._kind(kind or next(iter(self.kinds)))
        organization = request.organization
        pending = self._pending(request, kind)
        content = import_files.read(organization, pending["token"]) if pending else None
        if content is None:
            if pending:
                request.session.pop(self._session_key(kind), None)
            messages.warning(
                request, "There is no upload waiting (or it expired): upload the file."
            )
            return self._redirect(request, "import_upload", kind)
        if request.method == "POST" and request.POST.get("action") == "cancel":
            self._forget(request, kind, pending)
            messages.success(request, "The upload is discarded; nothing was imported.")
            return self._redirect(request, "import_upload", kind)
        try:
            check = services.check_file(organization=organization, kind=kind, content=content)
        except services.ImportFileError as error:
            self._forget(request, kind, pending)
            messages.error(request, str(error))
            return self._redirect(request, "import_upload", kind)
        if request.method == "POST":
            result = self._confirm(request, kind, pending, check)
            if result is not None:
                return result
        context = self._context(
            request,
            kind,
            pending=pending,
            check=check,
            valid_count=len(check.valid_rows),
            invalid_count=len(check.invalid_rows),
            invalid_sample=check.invalid_rows[:PREVIEW_INVALID_ROWS],
            valid_sample=[
                (row.line, [row.cells[header] for header in check.headers])
                for row in check.valid_rows[:PREVIEW_VALID_ROWS]
            ],
        )
        return render(request, "imports/preview.html", context)

    def _confirm(self, request, kind, pending, check):
        """Hand the previewed file to the worker and show the job's page."""
        if request.POST.get("token") != pending["token"]:
            messages.error(request, "This preview is out of date: check the file below again.")
            return None
        valid_only = request.POST.get("skip_invalid") == "on"
        if valid_only and not kind.allow_valid_only:
            messages.error(
                request,
                f"An import of {kind.label} is whole or nothing: correct the rows with "
                "problems and upload the file again.",
            )
            return None
        if not check.valid_rows:
            messages.error(request, "No row is valid; nothing is imported.")
            return None
        if not valid_only and not check.is_valid:
            messages.error(
                request,
                f"{len(check.invalid_rows)} of {len(check.rows)} rows have problems, so "
                "nothing is imported. Correct the file, or import only the valid rows.",
            )
            return None
        try:
            expected = int(request.POST["expected"]) if valid_only else None
        except (KeyError, ValueError):
            expected = -1
        if expected is not None and expected != len(check.valid_rows):
            messages.error(
                request,
                f"The register changed since the preview: {len(check.valid_rows)} rows are "
                f"valid now, not {expected}. Nothing is imported; check the preview again.",
            )
            return None
        # The worker checks the file again as it writes (the register may change between).
        job = import_jobs.import_job_request(
            organization=request.organization,
            actor=request.user,
            kind=kind,
            token=pending["token"],
            file_name=pending["name"],
            valid_only=valid_only,
            expected_rows=expected,
            done_url=reverse(self.section_url, kwargs={"org_slug": request.organization.slug}),
        )
        # The file is the job's now: forget it here without removing it.
        request.session.pop(self._session_key(kind), None)
        return redirect("import_job", org_slug=request.organization.slug, pk=job.pk)

    def template(self, request, kind=None):
        kind = self._kind(kind or next(iter(self.kinds)))
        return attachment_response(
            csv_text(kind.headers, []),
            filename=f"{kind.key}-import-template.csv",
            content_type=CSV_CONTENT_TYPE,
        )


@org_view(read="records.change")
def import_job(request, pk):
    """A confirmed import, as the worker gets on with it (polled with htmx until it ends)."""
    job = get_object_or_404(ImportJob.objects.filter(organization=request.organization), pk=pk)
    kind = import_jobs.import_kind(job.kind)
    noun = kind.singular if job.imported == 1 else kind.label
    template = "imports/job_status.html" if request.htmx else "imports/job.html"
    return render(request, template, {"job": job, "kind": kind, "noun": noun})

"""Downloads: files kept in storage (certificates, answers, responses), served only
through a view that has checked the member's permission, and content made on request
(exports, PDFs)."""

import math
import re
import unicodedata

from django.http import FileResponse, Http404, HttpResponse


def private_download(file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download under its original name, never shown inline and never
    cached; 404 when there is no file or storage has lost it."""
    if not file:
        raise Http404("No file.")
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("The file is missing.") from error
    return no_store_download(handle, filename=filename, content_type=content_type)


def no_store_download(handle, *, filename: str, content_type: str) -> FileResponse:
    """An open file as a download, never shown inline and never cached."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_response(content, *, filename: str, content_type: str) -> HttpResponse:
    """Content made on request (an export, a PDF) as a download named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def clean_file_name(name: str) -> str:
    """The last part of the name, without control characters, at most 255 characters."""
    name = re.split(r"[\\/]", str(name or ""))[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 250 - len(extension)]}.{extension}" if dot else name[:255]
    return name


def megabytes(size: int) -> str:
    """A size in MB for messages, rounded up to a tenth: a file one byte over a 10 MB limit
    is "10.1 MB", never "10 MB" beside its limit."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths / 10:.1f}".removesuffix(".0")

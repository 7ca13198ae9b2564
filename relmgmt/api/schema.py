"""What every operation of the API may answer besides its success, written into the
OpenAPI schema once: the error shape of ``relmgmt.api.exceptions`` for 400 (invalid input),
401 (no or a bad token), 403 (the role may not, or two-factor sign-in is missing), 404
(another organisation's or no such record, a page past the end), 413 (a body too large)."""

from drf_spectacular.openapi import AutoSchema

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
                "rows": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "index": {"type": "integer"},
                            "field": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}

ERRORS = {
    "400": "The input is not valid; ``fields`` (or ``rows``) names each problem.",
    "401": "No token or session, or the token is not valid.",
    "403": "The member's role may not do this, or two-factor sign-in is required first.",
    "404": "No such record in this organisation (or no such organisation).",
    "413": "The request body is larger than the limit.",
}
METHODS = {"get", "post", "put", "patch", "delete"}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error responses of every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(
                    status,
                    {
                        "content": {"application/json": {"schema": reference}},
                        "description": description,
                    },
                )
    return result


class SingleObjectSchema(AutoSchema):
    """For a viewset whose ``list`` answers one object (a report), not a list of records:
    drf-spectacular would otherwise describe the answer as an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False

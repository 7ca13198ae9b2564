from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


__all__ = ["NON_FIELD_ERRORS", "apply_service_errors"]

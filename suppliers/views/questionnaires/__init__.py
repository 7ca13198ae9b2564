"""Questionnaires: ``templates`` (the template builder) and ``sent`` (sending, the list, a
sent questionnaire and its review)."""

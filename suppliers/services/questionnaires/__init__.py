"""Questionnaires: ``templates`` (build them), ``sent`` (send, answer, review, cancel, and
their reminders), ``answers`` (check a supplier's answers) and ``scoring`` (the scoring
rule, over plain values)."""

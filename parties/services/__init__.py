"""Every write of the parties register, one module per kind of record. Views and the API
call these; each validates its input, checks that named people are members, and writes in
one transaction inside the organisation's scope."""

"""Seeding the demo again adds nothing to any table, and the demo mails nobody."""


def test_seeding_again_adds_no_row_to_any_table(demo):
    added = {
        table: (before, demo.rows_after_second_seed[table])
        for table, before in demo.rows_after_first_seed.items()
        if demo.rows_after_second_seed[table] != before
    }
    assert added == {}


def test_the_demo_mails_nobody(demo):
    assert demo.mailed == []

"""Writes of the reminder engine, one module per concern:

- ``scheduling``: schedule, move and cancel the reminders of a record (called by domain apps)
- ``dispatch``: claim due reminders, send them, record failures (called by tasks)
- ``digest``: the daily digest email
- ``inbox``: a person's notifications and preferences
"""

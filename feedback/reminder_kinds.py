"""The feedback app's reminder kinds. A survey follow-up is a parties follow-up action
(``parties.follow_up_due``): its owner is reminded on the due date and it is escalated when
overdue by that kind; surveys add none of their own yet."""

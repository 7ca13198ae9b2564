from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: people join an organisation by invitation."""

    def is_open_for_signup(self, request):
        return False

from allauth.account.adapter import DefaultAccountAdapter

from relmgmt.accounts.clients import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: people join an organisation by invitation."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        # Rate limits per client: the real one behind the proxies we trust.
        return client_ip(request)

"""The address a request came from, as far as it can be trusted behind nginx."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """
    The client's address: with ``TRUSTED_PROXY_COUNT`` proxies in front of
    the app (nginx: 1), the address the outermost proxy appended to
    ``X-Forwarded-For``, i.e. the ``TRUSTED_PROXY_COUNT``-th from the right.

    Anything to the left of it came from the browser and may be invented, so
    taking the first address would let anyone escape a sign-in lockout by
    sending a new ``X-Forwarded-For`` each time. With no proxy (0), or when
    the header is missing, too short or not an address (the request did not
    come through the proxies), ``REMOTE_ADDR`` is used.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote

"""Finishing: what every built page goes through, whichever engine built it: the HTML
sanitizer (sanitize.py), the Content-Security-Policy (csp.py) and the check that nothing is
loaded from another host (remote.py). Imports nothing from the other stages."""

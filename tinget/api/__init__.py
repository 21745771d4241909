"""The open interfaces: the JSON API under /api/v1/, API tokens and the embeddable widget.

This app sits on top (like `backoffice`): it reads through selectors and writes only through
the services of `programme` and `registrations`, plus its own for tokens and embed origins.
"""

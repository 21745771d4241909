"""Periodic work, assembled in one place at the project level (``round.py``), and the
``tinget tick`` command that runs it. An app of its own only so that the command is found."""

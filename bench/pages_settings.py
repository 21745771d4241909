"""Settings for bench_pages.py's "without the sign-up box" run: Tinget's own, with the
series page's sign-up include replaced by an empty template, to show what the programme
itself costs next to the sign-up form."""

import copy

from tinget.settings import *  # noqa: F403
from tinget.settings import TEMPLATES as _TEMPLATES

TEMPLATES = copy.deepcopy(_TEMPLATES)
TEMPLATES[0]["APP_DIRS"] = False
TEMPLATES[0]["OPTIONS"]["loaders"] = [
    ("django.template.loaders.locmem.Loader", {"programme/includes/signup_box.html": ""}),
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    ),
]

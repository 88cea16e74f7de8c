"""Hypothesis profiles: ``ci`` (used by ``make test``) draws the same examples on every run, so a
green suite stays green on another machine; the default profile draws new ones each run, which is
what ``make explore`` repeats to look for new counterexamples."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

"""Explanations a placement team can hand to a client, and diagnosis of conflicting rules.

:func:`explain` says why one client got their outcome, in Finnish, Swedish or English;
every reason is a code with parameters, rendered from the templates of
:mod:`placement.explain.language`.
"""

from placement.explain.outcome import Alternative, Counterfactual, Explanation, explain
from placement.explain.reasons import Reason

__all__ = ["Alternative", "Counterfactual", "Explanation", "Reason", "explain"]

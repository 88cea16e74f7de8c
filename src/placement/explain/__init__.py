"""Explanations a placement team can hand to a client, and diagnosis of conflicting rules.

:func:`explain` says why one client got their outcome, in Finnish, Swedish or English;
every reason is a code with parameters, rendered from the templates of
:mod:`placement.explain.language`.
"""

from placement.explain.batch import explain_all
from placement.explain.diagnose import Diagnosis, Member, diagnose
from placement.explain.explanation import Alternative, Counterfactual, Explanation
from placement.explain.outcome import alternatives, explain
from placement.explain.reasons import Reason

__all__ = [
    "Alternative",
    "Counterfactual",
    "Diagnosis",
    "Explanation",
    "Member",
    "Reason",
    "alternatives",
    "diagnose",
    "explain",
    "explain_all",
]

"""Explanations a placement team can hand to a client, and diagnosis of conflicting rules.

:func:`explain` says why one client got their outcome, in Finnish, Swedish or English;
every reason is a code with parameters, rendered from the templates of
:mod:`placement.explanations.language`.
"""

from placement.explanations.batch import explain_all
from placement.explanations.choices import alternatives
from placement.explanations.diagnosis import Diagnosis, Member, diagnose
from placement.explanations.explanation import Alternative, Counterfactual, Explanation
from placement.explanations.outcome import explain
from placement.explanations.reasons import Reason

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

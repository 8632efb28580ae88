"""The rule table. Importing this package fills :data:`RULES`, in catalogue order."""

from . import application, catalogue_meta  # noqa: F401  (registers the rules)
from .registry import NOT_APPLICABLE, RULES, Hit, Rule, RuleContext

__all__ = ["NOT_APPLICABLE", "RULES", "Hit", "Rule", "RuleContext"]

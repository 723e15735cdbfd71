"""Pure legal rules for Yunting: fees, case numbers, identity numbers, deadlines, causes.

Nothing here imports Django: the rules are plain functions over plain values, so they can be
tested exhaustively and reused by any layer.
"""

from yunting.rules.errors import RuleError

__all__ = ["RuleError"]

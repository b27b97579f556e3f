"""The readers' error for unusable input; it lives with the other user-facing errors in `plancheck.errors`."""
from __future__ import annotations

from ..errors import PlanInputError

__all__ = ["PlanInputError"]

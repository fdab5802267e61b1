"""Who is acting: a staff user, a shopper or the system itself. Services authorise against this."""

from __future__ import annotations

from dataclasses import dataclass, field

from shoal.core.errors import Forbidden


@dataclass(frozen=True, slots=True)
class Actor:
    kind: str  # "staff" | "shopper" | "dealer" | "system" | "anonymous"
    id: str | None = None
    role: str | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)
    location_id: str | None = None  # a clerk is tied to one store (a dealer's staff to its dealer's stock)
    dealer_id: str | None = None  # a dealer's staff see only their dealer's part (``shoal.dealers.scope``)

    def require(self, permission: str) -> None:
        """Raise ``Forbidden`` unless this actor holds ``permission`` (system actors hold all)."""
        if self.kind == "system" or permission in self.permissions:
            return
        raise Forbidden(permission=permission)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}" if self.id else self.kind


SYSTEM = Actor(kind="system", id="system")
ANONYMOUS = Actor(kind="anonymous")

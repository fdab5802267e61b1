"""A bearer token's session, checked once per request inside the request's own first transaction.

An access token is signed, so who it speaks for (tenant, actor, locale) is read from it without the database;
what the signature cannot tell is whether the session was revoked, or the user disabled or given another role
since. That takes one statement, and it used to take a transaction of its own before every request's work
(about a fifth of the CPU of a checkout flow). A ``SessionGuard`` rides on the request's context instead: the
first unit of work the request opens runs the check as its first statement, so revocation is still seen on the
very next request, at no extra transaction. A request that never opens one is checked when its handler returns,
before anything is answered (``settle``).

The check may also keep what it read on the way in ``facts`` (a shopper's pricing group, say), so that the
request's later statements need not read it again: the value is as fresh as a second read in the same
transaction would be. Only the domain whose check wrote a fact reads it back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from shoal.core.errors import Unauthenticated

# The check answers the user's current locale when the session is live, ``None`` when it is not.
Check = Callable[[AsyncSession], Awaitable[str | None]]


@dataclass(eq=False)
class SessionGuard:
    check: Check
    passed: bool = False
    locale: str | None = None  # the user's language as the check found it
    facts: dict[str, object] = field(default_factory=dict)  # what else the check read, for this request only

    async def pass_once(self, session: AsyncSession) -> None:
        """Run the check in ``session``'s transaction unless it passed already; ``Unauthenticated`` if it fails."""
        if self.passed:
            return
        self.locale = await self.check(session)
        if self.locale is None:
            raise Unauthenticated()
        self.passed = True

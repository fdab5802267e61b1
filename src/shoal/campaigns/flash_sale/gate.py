"""The admission gate in Redis: one Lua script takes a unit and the shopper's count together, so a crowd is
answered (``sold_out``, ``limit_reached``) without touching PostgreSQL, which stays the source of truth.

The gate may only ever be *stricter* than the database: it is seeded from the database's buckets (``SET NX`` when
a key is missing: after a flush, a restart or at publishing), a unit it takes is taken again by the database's
guarded update (a refusal there is ``sold_out``), and units coming back (an unpaid order, a failed admission) are
added only to a key that exists. A lost key is rebuilt from the database, never guessed. Keys carry a hash tag
(``{tenant:item}``), so the script's keys share a slot on a Redis Cluster.
"""

from __future__ import annotations

from typing import Any

ADMIT = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 'replay' end
local left = redis.call('GET', KEYS[1])
if not left then return 'missing' end
local q = tonumber(ARGV[1])
local mine = tonumber(redis.call('GET', KEYS[2]) or '0')
if mine + q > tonumber(ARGV[2]) then return 'limit_reached' end
if tonumber(left) < q then return 'sold_out' end
redis.call('DECRBY', KEYS[1], q)
redis.call('INCRBY', KEYS[2], q)
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], '1', 'EX', ARGV[3])
return 'admitted'
"""

GIVE_BACK = """
local units, q = tonumber(ARGV[1]), tonumber(ARGV[2])
if units > 0 and redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], units) end
if q > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= q then redis.call('DECRBY', KEYS[2], q) end
if KEYS[3] ~= '' then redis.call('DEL', KEYS[3]) end
return 1
"""

KEY_TTL_SECONDS = 2 * 24 * 3600


class FlashGate:
    """Redis-backed admission for one deployment; ``prefix`` keeps deployments (and test runs) apart."""

    def __init__(self, client: Any, prefix: str) -> None:
        self._redis = client
        self._prefix = prefix
        self._admit = client.register_script(ADMIT)
        self._give_back = client.register_script(GIVE_BACK)

    @classmethod
    def from_url(cls, url: str, prefix: str) -> FlashGate:
        from redis.asyncio import Redis  # optional dependency: only a deployment with SHOAL_REDIS_URL needs it

        return cls(Redis.from_url(url, decode_responses=True), prefix)

    def _keys(self, tenant_id: str, item_id: str, customer_id: str, key: str = "") -> list[str]:
        tag = f"{self._prefix}:{{{tenant_id}:{item_id}}}"
        return [f"{tag}:left", f"{tag}:shopper:{customer_id}", f"{tag}:key:{customer_id}:{key}" if key else ""]

    async def admit(
        self, *, tenant_id: str, item_id: str, customer_id: str, key: str, quantity: int, limit: int
    ) -> str:
        """``admitted``, ``replay`` (this key was admitted before), ``sold_out``, ``limit_reached`` or
        ``missing`` (no counter: seed it from the database and ask again)."""
        keys = self._keys(tenant_id, item_id, customer_id, key)
        return str(await self._admit(keys=keys, args=[quantity, limit, KEY_TTL_SECONDS]))

    async def give_back(
        self, *, tenant_id: str, item_id: str, customer_id: str, units: int, quantity: int, key: str = ""
    ) -> None:
        """Undo an admission the database did not complete (``units`` 0 when the database had none left), or
        add an unpaid order's units back."""
        keys = self._keys(tenant_id, item_id, customer_id, key)
        await self._give_back(keys=keys, args=[units, quantity])

    async def seed(self, *, tenant_id: str, item_id: str, left: int, overwrite: bool = False) -> None:
        """Set the counter from the database: only if missing, unless rebuilding at startup or publishing."""
        name = self._keys(tenant_id, item_id, "-")[0]
        await self._redis.set(name, left, ex=KEY_TTL_SECONDS, nx=not overwrite)

    async def forget(self, *, tenant_id: str, item_id: str) -> None:
        await self._redis.delete(self._keys(tenant_id, item_id, "-")[0])

    async def close(self) -> None:
        await self._redis.aclose()


_configured: dict[str, FlashGate | None] = {"gate": None}


def configure(url: str, prefix: str) -> FlashGate | None:
    """The process's gate (``SHOAL_REDIS_URL``; empty: none, the database path). Jobs and event handlers, which
    get only the database, add returned units to it."""
    _configured["gate"] = FlashGate.from_url(url, prefix) if url else None
    return _configured["gate"]


def current() -> FlashGate | None:
    return _configured["gate"]

"""Background jobs of the inventory domain; importing this module registers them with the scheduler."""

from __future__ import annotations

from shoal.core.scheduler import register_job
from shoal.inventory.service_reservations import release_expired_reservations

register_job("inventory.expired_reservations", release_expired_reservations)

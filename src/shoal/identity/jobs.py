"""Background jobs of the identity domain; importing this module registers them with the scheduler."""

from __future__ import annotations

from shoal.core.scheduler import register_job
from shoal.identity.sessions import purge_retired_tokens
from shoal.identity.throttle import purge_ended_windows

register_job("identity.retired_refresh_tokens", purge_retired_tokens)
register_job("identity.sign_in_throttles", purge_ended_windows)

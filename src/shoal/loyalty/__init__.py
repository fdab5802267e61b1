"""Membership and loyalty: member levels by growth value, the points ledger, check-in, stored value."""

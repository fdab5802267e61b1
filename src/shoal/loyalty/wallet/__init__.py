"""Stored value (储值): a balance of principal and bonus kept apart, top-ups, gift cards, paying with balance."""

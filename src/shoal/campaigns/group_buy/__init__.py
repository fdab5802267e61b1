"""Group-buy 拼团: activities, groups that fill by payment, and the deadline that fails or completes them."""

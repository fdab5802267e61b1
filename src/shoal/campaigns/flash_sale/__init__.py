"""Flash sales (秒杀): sessions with SKUs at a flash price, units carved from a location's stock, a per-shopper
limit, a short payment window, and an admission gate (Redis or guarded database buckets) in front of checkout."""

"""Marketing: promotions and coupons priced by a declarative, explainable engine."""

"""After-sales: refund-only, return-and-refund and exchange requests on paid orders."""

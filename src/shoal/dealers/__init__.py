"""The dealer network (分销伙伴 / 零售网点): accounts, B2B ordering on credit, dealer stock, rebates."""

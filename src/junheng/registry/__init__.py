"""County → township → school: the registry every other part refers to."""

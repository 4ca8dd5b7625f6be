"""Writes. Each function is atomic, takes keyword arguments, and is the one way
in for its change (views, admin actions and commands all call these)."""

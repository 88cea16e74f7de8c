"""Diagnosis of overrides and side constraints that cannot all hold (being written)."""

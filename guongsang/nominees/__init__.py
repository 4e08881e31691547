"""Nominees (individuals, collectives, households), consent, likely duplicates and merges."""

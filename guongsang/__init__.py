"""Gương Sáng: exemplars and good deeds, from discovery to the yearly book."""

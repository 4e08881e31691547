"""Models of the movements app."""

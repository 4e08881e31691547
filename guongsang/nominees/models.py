"""Models of the nominees app."""

"""Benchmarks that print the figures the issues ask for; ``make bench`` runs them all."""

"""Emulation movements, unit registrations, fields and criteria sets."""

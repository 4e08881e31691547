"""Nomination dossiers through appraisal, submission deadlines, and citizens' good-deed reports."""

"""Users, their memberships (a role on a unit) and API tokens."""

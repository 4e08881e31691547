"""The award catalogue with versioned rules, and (later) the recognition registry."""

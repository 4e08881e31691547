"""The public column keeps no data of its own: it reads published stories, consenting exemplars
and published books through their apps' selectors."""

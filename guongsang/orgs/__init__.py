"""The organisational tree: provinces, communes, departments, schools, fronts, clusters."""

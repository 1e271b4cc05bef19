"""The public assessment wizard: forms, the profile builder, views and save-and-continue."""

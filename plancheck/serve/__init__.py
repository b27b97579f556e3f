"""The web service of `plancheck serve`: upload, review, history and reviewer decisions."""

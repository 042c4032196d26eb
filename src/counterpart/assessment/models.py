"""Assessment (issue 17): schemes as data, runs, scores with their evidence, adjustments, publication."""

"""Projects and funds (issue 16): the project library, its transactions, supervision alerts, parks."""

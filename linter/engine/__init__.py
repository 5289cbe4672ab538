"""Running a lint: files found, linted (in parallel, from the cache), judged and fixed.

``discovery`` finds the files; ``runner`` turns one file into its problems and joins the
cross-file rules; ``batch`` runs files over processes and the result ``cache``; ``fix`` edits
and verifies; ``baseline`` remembers accepted problems.
"""

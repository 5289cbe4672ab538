"""Validating a document against a JSON Schema, and the value formats it checks.

``schema`` loads a schema (``references`` resolves its ``$ref``s) and names each violation
after a rule; ``formats`` (the bundled format's values: dates, URLs, hosts) and ``jsonformats``
(the JSON Schema formats of a user's schema) say what a valid value is.
"""

"""Reading a file: bytes -> front matter -> plain values with the position of each.

``frontmatter`` finds the front matter (YAML ``---``, TOML ``+++``, JSON ``{``) in the bytes;
``yamlload`` parses YAML (the C fast path ``_fastyaml.c``, else libyaml through ``yamllib``),
``tomlmatter`` and ``jsonmatter`` the others, all into ``parsed.Parsed``; ``reader`` turns the
result into a ``linter.model.Document``. What goes wrong is a finding, never an exception.
"""

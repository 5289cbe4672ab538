"""Safe handling of untrusted input: the tree under review, its cache folder, the network.

``fsguard`` reads and writes files without following links out of the tree; ``netguard`` says
which addresses a request may reach; ``signing`` keeps the per-user secret whose MACs make a
cache entry trustworthy. Everything above uses these, never ``open`` on a tree's path directly.
"""

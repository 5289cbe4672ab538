"""The online stage (``--online``): links and image sizes checked on the network.

``stage`` gathers every URL field and turns what was learnt into findings; ``linkcheck`` asks
the network (``pacing`` sets each host's pace), ``localsite`` answers for a site's own build,
``linkcache`` remembers alive links, ``imagesize`` reads an image's size from its first bytes.
Only ``linkcheck`` imports aiohttp, and only this stage imports ``linkcheck``.
"""

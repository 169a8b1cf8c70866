"""Each executed page downloadable as a notebook (with its outputs) and as MyST.

``notebooks.py`` writes the files; :func:`densebook_sphinx.setup` calls its ``add_links`` for
each page, in the order the page's HTML is finished.
"""

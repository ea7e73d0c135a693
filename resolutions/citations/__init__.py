"""Citations beyond extraction: symbol pages, the citation network and link suggestions.

Resolving references to archived texts lives in resolutions.services.citations (the loader
pipeline calls it); this package holds what the pages and the curators' tools read.
"""

"""A synthetic corpus for benchmarks: generated in bulk, clearly marked, removable.

`generate_corpus` (generate.py) recombines the loaded texts with a vocabulary of UN subjects
(vocabulary.py); `remove_synthetic` (removal.py) deletes it again.
"""

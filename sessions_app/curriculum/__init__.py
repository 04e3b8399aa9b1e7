"""The curriculum: the file's reader and checks (reader.py), the loader that stores it
(loader.py), the per-process copy of the course (cache.py) and the shipped course text
(mentoring-up.yaml)."""

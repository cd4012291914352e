"""A folder cache every gunicorn worker of one machine shares: the rate limits' default (ADR 20)."""

import contextlib

from django.core.cache.backends.filebased import FileBasedCache


class FolderCache(FileBasedCache):
    """Django's file cache, tidied once every CLEAN_EVERY writes instead of listed on every write.

    FileBasedCache lists the whole folder on each write to see whether it is full. The rate limits
    keep a counter per phone, thousands of files in a burst, and that listing cost 20 ms a post.
    Here each worker deletes the expired files every CLEAN_EVERY of its writes; counters expire
    within two windows, so the folder holds at most two windows' worth.
    """

    CLEAN_EVERY = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self.CLEAN_EVERY == 0:
            self.delete_expired()

    def delete_expired(self) -> None:
        for path in self._list_cache_files():
            with contextlib.suppress(FileNotFoundError), open(path, "rb") as entry:
                self._is_expired(entry)  # deletes the file when it has expired

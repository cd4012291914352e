"""The rate limits' default cache: a folder shared by every worker, tidied now and then."""

from safeguards.cache import FolderCache


def folder_cache(path) -> FolderCache:
    return FolderCache(str(path), {})


def test_two_workers_with_the_same_folder_count_in_the_same_place(tmp_path):
    first, second = folder_cache(tmp_path), folder_cache(tmp_path)
    first.add("rate:address:x", 1, timeout=60)
    assert second.incr("rate:address:x") == 2
    assert first.get("rate:address:x") == 2


def test_expired_counters_are_deleted_once_every_so_many_writes(tmp_path):
    cache = folder_cache(tmp_path)
    cache.CLEAN_EVERY = 3
    cache.set("old", 1, timeout=-1)  # already expired
    cache.set("live", 1, timeout=60)
    assert len(list(tmp_path.iterdir())) == 2  # two writes: not tidied yet
    cache.set("another", 1, timeout=60)  # the third write tidies
    assert sorted(cache.get(key) for key in ("old", "live", "another") if cache.has_key(key)) == [1, 1]
    assert len(list(tmp_path.iterdir())) == 2

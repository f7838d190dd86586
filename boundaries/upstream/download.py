"""Download the pinned upstream files (cached, SHA-256 checked), convert them and write the outputs."""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import http.client
import logging
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import shapely

from .convert import convert
from .sources import (
    CACHE_DIRNAME,
    DATA_DIR_ENV,
    DEFAULT_SOURCE_URL,
    MANIFEST,
    SOURCE_URL_ENV,
    ChecksumError,
    FetchError,
    OfflineError,
    Output,
    UnpinnedError,
    UpstreamFile,
    WrittenFile,
)

logger = logging.getLogger(__name__)


def source_url(entry: UpstreamFile, *, base_url: str | None = None) -> str:
    """The download URL of an entry: ``base_url``, else $GEO_ACCMR_DATA_SOURCE_URL, else raw.githubusercontent.com."""
    template = base_url or os.environ.get(SOURCE_URL_ENV) or DEFAULT_SOURCE_URL
    if "{" not in template:  # a plain prefix
        template = template.rstrip("/") + "/{repo}/{commit}/{path}"
    return template.format(repo=entry.repo, commit=entry.commit, path=urllib.parse.quote(entry.path))


def _sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _cache_path(cache_dir: Path, entry: UpstreamFile) -> Path:
    """Where an entry is cached: <cache>/<owner>__<name>/<commit>/<path>."""
    return cache_dir / entry.repo.replace("/", "__") / entry.commit / entry.path


def _offline_message(url: str, reason: object) -> str:
    """The one-line offline message, naming GEO_ACCMR_DATA_DIR."""
    host = urllib.parse.urlsplit(url).netloc or url
    reason_text = " ".join(str(reason).split())
    return (
        f"offline: cannot reach {host} ({reason_text}); put the reference data files in the directory named by "
        f"{DATA_DIR_ENV} or set {SOURCE_URL_ENV} to a reachable mirror"
    )


def _download(entry: UpstreamFile, url: str, target: Path, *, timeout: float, first: bool) -> str:
    """Download ``url``, verify the pin, then write ``target`` through a temporary file; return the SHA-256."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http(s) by template
            data = response.read()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{entry.label}: HTTP {exc.code} {exc.reason} from {url}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if first:
            raise OfflineError(_offline_message(url, reason)) from None
        raise FetchError(f"{entry.label}: download from {url} failed ({reason})") from None
    got = hashlib.sha256(data).hexdigest()
    if entry.sha256 and got != entry.sha256.lower():
        raise ChecksumError(f"{entry.label}: SHA-256 mismatch: expected {entry.sha256.lower()}, got {got}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return got


def _obtain(
    entries: Sequence[UpstreamFile], *, cache_dir: Path, base_url: str | None, timeout: float, workers: int, first: bool
) -> tuple[list[tuple[UpstreamFile, Path, str]], bool]:
    """Cached or downloaded copies of ``entries`` with their SHA-256; the flag says whether a request was made."""
    results: dict[int, tuple[Path, str]] = {}
    pending: list[tuple[int, UpstreamFile]] = []
    for index, entry in enumerate(entries):
        target = _cache_path(cache_dir, entry)
        digest = _sha256_of(target) if target.is_file() else None
        if digest and (entry.sha256 is None or digest == entry.sha256.lower()):
            results[index] = (target, digest)
        else:
            pending.append((index, entry))

    def get(item: tuple[int, UpstreamFile], is_first: bool) -> None:
        index, entry = item
        target = _cache_path(cache_dir, entry)
        digest = _download(entry, source_url(entry, base_url=base_url), target, timeout=timeout, first=is_first)
        results[index] = (target, digest)

    if pending and first:
        get(pending.pop(0), True)
        first = False
    if pending:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = [pool.submit(get, item, False) for item in pending]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        first = False
    return [(entry, *results[index]) for index, entry in enumerate(entries)], not first


def fetch(
    dest_dir: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    manifest: Sequence[UpstreamFile] | None = None,
    timeout: float = 30.0,
    cache_dir: str | os.PathLike[str] | None = None,
    allow_unpinned: bool = False,
    workers: int = 8,
    only: Collection[str] | None = None,
    compress: bool = False,
) -> list[WrittenFile]:
    """Download the manifest's files (cached, SHA-256 checked), convert them and write the outputs into ``dest_dir``.

    Pinned files are fetched first; the first network request doubles as the connectivity check (:class:`OfflineError`).
    The cache (default ``dest_dir/.upstream-cache``) gets a ``SHA256SUMS`` list of everything used, to fill in pins.
    Outputs are built completely before being moved into place, so a failure leaves ``dest_dir`` as it was.
    ``only`` keeps the outputs of those names; ``compress`` writes each as ``NAME.gz`` (reproducible gzip).
    """
    dest = Path(dest_dir)
    entries = list(MANIFEST if manifest is None else manifest)
    cache = Path(cache_dir) if cache_dir is not None else dest / CACHE_DIRNAME
    pinned = [entry for entry in entries if entry.sha256]
    unpinned = [entry for entry in entries if not entry.sha256]

    options: dict[str, Any] = {"cache_dir": cache, "base_url": base_url, "timeout": timeout, "workers": workers}
    files, requested = _obtain(pinned, first=True, **options)
    if unpinned and not allow_unpinned:
        examples = ", ".join(entry.label for entry in unpinned[:3])
        raise UnpinnedError(
            f"{len(unpinned)} upstream file(s) have no SHA-256 pin (e.g. {examples}); "
            "pass allow_unpinned=True (refresh_reference_data --allow-unpinned) to download them unverified"
        )
    more, _ = _obtain(unpinned, first=not requested, **options)
    files += more
    sums = "".join(f"{digest}  {entry.repo}/{entry.commit}/{entry.path}\n" for entry, _, digest in files)
    if files:
        (cache / "SHA256SUMS").write_text(sums, encoding="utf-8")
    if unpinned:
        logger.warning(
            "%d unpinned upstream files used unverified; SHA-256 list: %s", len(unpinned), cache / "SHA256SUMS"
        )
    try:
        outputs = convert([(entry, path) for entry, path, _ in files])
    except FetchError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
        raise FetchError(f"converting the upstream files failed: {exc!r}") from exc
    if only is not None:
        outputs = [output for output in outputs if output.name in only]
    if compress:
        outputs = [Output(f"{output.name}.gz", gzip_bytes(output.data), output.count) for output in outputs]
    return _write_outputs(dest, outputs)


def gzip_bytes(data: bytes) -> bytes:
    """gzip at level 9 with no name and no time stamp, so the same data always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _write_outputs(dest: Path, outputs: Sequence[Output]) -> list[WrittenFile]:
    """Write every output to a temporary directory inside ``dest``, then move each into place."""
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest, prefix=".fetch-"))
    try:
        for output in outputs:
            (staging / output.name).write_bytes(output.data)
        written = []
        for output in outputs:
            os.replace(staging / output.name, dest / output.name)
            written.append(WrittenFile(dest / output.name, output.count))
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)

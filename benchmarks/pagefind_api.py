"""The chunked search index made two ways from the same records: the Pagefind binary over one
small HTML file per record (chunked_search.write_bundle, what the build does), and the Pagefind
Python API (`PagefindIndex.add_custom_record`, which drives the same binary as a service).

    python benchmarks/pagefind_api.py site/      # a built site: its search/search_index.json

Both bundles go through the same post-processing (chunked_search.canonical_filters, without
Pagefind's own interfaces). Prints the time of each way (median of RUNS runs), whether each way
gives the same bytes at every run, and which files differ between the two ways. Asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from site_builder.outputs.chunked_search import (
    PAGEFIND_INTERFACES,
    SearchRecord,
    canonical_filters,
    records,
    write_bundle,
)

RUNS = 3
AUTHORS = {
    "pajon-2017": ("Pajon",),
    "streltsov-2018": ("Streltsov",),
    "streltsov-2012": ("Streltsov",),
    "shvydko-2017": ("Shvydko",),
}


def api_bundle(found: tuple[SearchRecord, ...], out: Path) -> None:
    """The records through add_custom_record: the same filters, meta and text (then title) as
    chunked_search.record_page, and the URL Pagefind gives the numbered file of the other way."""
    from pagefind.index import PagefindIndex

    async def run() -> None:
        async with PagefindIndex({"force_language": "en", "output_path": str(out)}) as index:
            width = len(str(len(found)))
            for number, record in enumerate(found):
                filters: dict[str, list[str]] = {"kind": [record.kind]}
                if record.essay:
                    filters["essay"] = [record.essay]
                if record.authors:
                    filters["author"] = list(record.authors)
                meta = {
                    k: v for k, v in (("title", record.title), ("target", record.target), ("page", record.page)) if v
                }
                await index.add_custom_record(
                    url=f"/{number:0{width}d}.html",
                    content=f"{record.text} {record.title}",
                    language="en",
                    meta=meta,
                    filters=filters,
                )

    asyncio.run(run())
    canonical_filters(out)
    for name in PAGEFIND_INTERFACES:
        (out / name).unlink(missing_ok=True)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main(site: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    found = records(docs, AUTHORS)
    print(f"{len(found)} records")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results: dict[str, list[dict[str, bytes]]] = {}
        for way, make in (("subprocess", write_bundle), ("api", api_bundle)):
            times, bundles = [], []
            for run in range(RUNS):
                out = work / way / str(run)
                start = time.perf_counter()
                make(found, out)
                times.append(time.perf_counter() - start)
                bundles.append(files(out))
            results[way] = bundles
            same = all(b == bundles[0] for b in bundles)
            print(
                f"{way:10} median {statistics.median(times):.2f} s, runs "
                + ", ".join(f"{t:.2f}" for t in times)
                + f"; {len(bundles[0])} files, {sum(map(len, bundles[0].values()))} bytes; "
                + ("the same bytes at every run" if same else "DIFFERENT bytes between runs")
            )
        one, other = results["subprocess"][0], results["api"][0]
        print("only from the subprocess:", sorted(set(one) - set(other)))
        print("only from the API:", sorted(set(other) - set(one)))
        print("same name, other bytes:", sorted(n for n in set(one) & set(other) if one[n] != other[n]))


if __name__ == "__main__":
    main(Path(sys.argv[1]))

#!/usr/bin/env python3
"""Vendor pinned front-end assets from the npm registry (standard library only).

Default mode: for each package pinned in scripts/vendor_assets.json, fetch the registry
metadata, download the tarball, verify it against ``dist.integrity`` (sha512 SRI), extract
only the listed files into dieuhanh/core/static/vendor/<name>/ and rewrite MANIFEST.json.

``--check``: no network; verify that every file listed in MANIFEST.json exists with the
recorded sha256 and that MANIFEST.json matches the pinned versions.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path, PurePosixPath
from typing import Any, TypedDict, cast

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "scripts" / "vendor_assets.json"
STATIC = ROOT / "dieuhanh" / "core" / "static"
VENDOR = STATIC / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"
REGISTRY = "https://registry.npmjs.org"
TIMEOUT = 60  # seconds, per request


class Pin(TypedDict):
    name: str
    version: str
    files: dict[str, str]  # path inside the tarball (no "package/") -> target under vendor/<name>/


class FileEntry(TypedDict):
    path: str  # relative to the static dir, e.g. "vendor/bootstrap/bootstrap.min.css"
    sha256: str


class PackageEntry(TypedDict):
    name: str
    version: str
    tarball: str
    integrity: str
    license: str
    files: list[FileEntry]


class VendorError(Exception):
    """A failure that should stop the script with a readable message."""


def load_pins() -> list[Pin]:
    return cast("list[Pin]", json.loads(PINS.read_text(encoding="utf-8"))["packages"])


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "dieuhanh-vendor-assets"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return cast("bytes", response.read())
    except urllib.error.HTTPError as exc:
        raise VendorError(f"GET {url} failed: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise VendorError(f"GET {url} failed: {exc}") from exc


def verify_integrity(data: bytes, integrity: str, label: str) -> None:
    expected = [h.removeprefix("sha512-") for h in integrity.split() if h.startswith("sha512-")]
    if not expected:
        raise VendorError(f"{label}: no sha512 integrity in registry metadata: {integrity!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual not in expected:
        raise VendorError(
            f"{label}: INTEGRITY MISMATCH for downloaded tarball\n"
            f"  expected sha512-{expected[0]}\n  actual   sha512-{actual}"
        )


def safe_target(target: str, label: str) -> PurePosixPath:
    path = PurePosixPath(target)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise VendorError(f"{label}: unsafe target path {target!r} in {PINS.name}")
    return path


def extract(tarball: bytes, files: dict[str, str], label: str) -> dict[PurePosixPath, bytes]:
    wanted = {src: safe_target(dst, label) for src, dst in files.items()}
    found: dict[PurePosixPath, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            # npm tarballs have one top-level directory (usually "package/").
            src = PurePosixPath(member.name).relative_to(PurePosixPath(member.name).parts[0])
            if str(src) in wanted and member.isfile():
                handle = archive.extractfile(member)
                if handle is not None:
                    found[wanted[str(src)]] = handle.read()
    missing = sorted(src for src, dst in wanted.items() if dst not in found)
    if missing:
        raise VendorError(f"{label}: files not found in tarball: {', '.join(missing)}")
    return found


def vendor_package(pin: Pin) -> tuple[PackageEntry, dict[PurePosixPath, bytes]]:
    name, version = pin["name"], pin["version"]
    label = f"{name}@{version}"
    print(f"{label}: fetching metadata", file=sys.stderr)
    meta: dict[str, Any] = json.loads(
        fetch(f"{REGISTRY}/{urllib.parse.quote(name, safe='@')}/{version}")
    )
    if meta.get("version") != version:
        raise VendorError(f"{label}: registry returned version {meta.get('version')!r}")
    dist: dict[str, Any] = meta.get("dist", {})
    url, integrity = dist.get("tarball"), dist.get("integrity")
    if not isinstance(url, str) or not url.startswith("https://"):
        raise VendorError(f"{label}: missing or non-https dist.tarball: {url!r}")
    if not isinstance(integrity, str):
        raise VendorError(f"{label}: registry metadata has no dist.integrity")
    print(f"{label}: downloading {url}", file=sys.stderr)
    tarball = fetch(url)
    verify_integrity(tarball, integrity, label)
    contents = extract(tarball, pin["files"], label)
    entry: PackageEntry = {
        "name": name,
        "version": version,
        "tarball": url,
        "integrity": integrity,
        "license": str(meta.get("license", "UNKNOWN")),
        "files": [
            {
                "path": f"vendor/{name}/{target}",
                "sha256": hashlib.sha256(contents[target]).hexdigest(),
            }
            for target in sorted(contents)
        ],
    }
    return entry, contents


def refresh() -> None:
    # Download and verify everything first, so a failure leaves the current files untouched.
    results = [vendor_package(pin) for pin in load_pins()]
    for entry, contents in results:
        package_dir = VENDOR / entry["name"]
        shutil.rmtree(package_dir, ignore_errors=True)
        for target, data in contents.items():
            path = package_dir / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    manifest = {
        "_comment": "Generated by scripts/vendor_assets.py; do not edit by hand.",
        "packages": [entry for entry, _ in results],
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {MANIFEST.relative_to(ROOT)}", file=sys.stderr)


def check() -> list[str]:
    """Return a list of problems (empty when everything matches)."""
    if not MANIFEST.is_file():
        return [f"{MANIFEST.relative_to(ROOT)} is missing"]
    packages = cast("list[PackageEntry]", json.loads(MANIFEST.read_text("utf-8"))["packages"])
    problems: list[str] = []
    pinned = {pin["name"]: pin["version"] for pin in load_pins()}
    recorded = {package["name"]: package["version"] for package in packages}
    if pinned != recorded:
        problems.append(f"MANIFEST versions {recorded} differ from pins {pinned}")
    for package in packages:
        for file in package["files"]:
            path = STATIC / file["path"]
            if not path.is_file():
                problems.append(f"missing: {path.relative_to(ROOT)}")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != file["sha256"]:
                problems.append(f"sha256 mismatch: {path.relative_to(ROOT)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="verify vendored files against MANIFEST.json offline"
    )
    args = parser.parse_args(argv)
    try:
        if not args.check:
            refresh()
            return 0
        problems = check()
    except (VendorError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc!s}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print("vendored assets are stale: rerun without --check", file=sys.stderr)
        return 1
    print("vendored assets OK", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Vendored front-end assets (scripts/vendor_assets.py): integrity, pins and offline use."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
PINS = ROOT / "scripts" / "vendor_assets.json"
STATIC = ROOT / "dieuhanh" / "core" / "static"
VENDOR = STATIC / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"

# References a browser would fetch from the network at run time. Source-map comments
# ("sourceMappingURL=file.map"), license banners and SVG xmlns inside data: URIs don't match.
REMOTE_REFERENCE = re.compile(
    r"""url\(\s*["']?\s*(?:https?:)?//"""  # url(http://...), url("//cdn...")
    r"""|@import\s+["']\s*(?:https?:)?//"""  # @import "http://..."
    r"""|src\s*=\s*\\?["']\s*(?:https?:)?//""",  # src="http://...", src=\"http://... in JS
    re.IGNORECASE,
)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def _manifest_packages() -> list[dict[str, Any]]:
    packages: list[dict[str, Any]] = json.loads(MANIFEST.read_text("utf-8"))["packages"]
    return packages


def _vendored_text_files() -> list[Path]:
    # is_file(): the "chart.js" directory itself has a ".js" suffix.
    return sorted(p for p in VENDOR.rglob("*") if p.is_file() and p.suffix in {".css", ".js"})


def test_manifest_files_exist_with_recorded_sha256() -> None:
    # given: the manifest written by scripts/vendor_assets.py
    entries = [file for package in _manifest_packages() for file in package["files"]]
    assert entries != []

    # when: each listed file is hashed on disk
    actual = {
        entry["path"]: (
            hashlib.sha256((STATIC / entry["path"]).read_bytes()).hexdigest()
            if (STATIC / entry["path"]).is_file()
            else "<missing>"
        )
        for entry in entries
    }

    # then: every file exists and matches the recorded sha256
    assert actual == {entry["path"]: entry["sha256"] for entry in entries}


def test_manifest_versions_equal_pins() -> None:
    # given: the pins and the manifest
    pins = json.loads(PINS.read_text("utf-8"))["packages"]

    # when: both are reduced to name -> version
    pinned = {pin["name"]: pin["version"] for pin in pins}
    recorded = {package["name"]: package["version"] for package in _manifest_packages()}

    # then: the vendored versions are exactly the pinned ones
    assert recorded == pinned


def test_manifest_lists_every_pinned_file() -> None:
    # given: the pins (source path in tarball -> target under vendor/<name>/)
    pins = json.loads(PINS.read_text("utf-8"))["packages"]
    expected = sorted(
        f"vendor/{pin['name']}/{target}" for pin in pins for target in pin["files"].values()
    )

    # when: the manifest's file paths are collected
    recorded = sorted(file["path"] for pkg in _manifest_packages() for file in pkg["files"])

    # then: nothing is missing or extra
    assert recorded == expected


def test_vendored_css_and_js_do_not_fetch_remote_urls() -> None:
    # given: every vendored CSS and JS file
    files = _vendored_text_files()
    assert sorted(path.relative_to(VENDOR).as_posix() for path in files) == [
        "bootstrap-icons/bootstrap-icons.min.css",
        "bootstrap/bootstrap.bundle.min.js",
        "bootstrap/bootstrap.min.css",
        "chart.js/chart.umd.min.js",
    ]

    # when: they are scanned for references a browser would load over the network
    offenders = [
        (path.relative_to(STATIC).as_posix(), match.group(0))
        for path in files
        for match in REMOTE_REFERENCE.finditer(path.read_text("utf-8"))
    ]

    # then: there are none
    assert offenders == []


def test_relative_css_urls_resolve_to_vendored_files() -> None:
    # given: the relative url(...) references in vendored CSS (e.g. bootstrap-icons fonts)
    references = {
        (css, url.split("?")[0].split("#")[0])
        for css in VENDOR.rglob("*.css")
        for url in CSS_URL.findall(css.read_text("utf-8"))
        if not url.startswith("data:")
    }
    assert references != set()

    # when: each reference is resolved relative to its stylesheet
    missing = sorted(
        str(css.parent / ref) for css, ref in references if not (css.parent / ref).is_file()
    )

    # then: every referenced file is vendored alongside
    assert missing == []

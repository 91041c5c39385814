"""Help → About: the version and every bundled library with its version and licence."""

from __future__ import annotations

import importlib.metadata as metadata

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

import tracker
from tracker.ui.dialogs.about_dialog import BUNDLED, about_html, bundled_libraries, licence_of

pytestmark = pytest.mark.gui


def test_every_bundled_library_is_found_with_a_licence():
    libraries = {lib.name: lib for lib in bundled_libraries()}
    assert list(libraries) == [shown for shown, _names in BUNDLED]
    assert libraries["NumPy"].version == metadata.version("numpy")
    assert libraries["openpyxl"].licence == "MIT"
    assert libraries["sqlite-utils"].licence == "Apache-2.0"
    assert "LGPL" in libraries["PySide6 (Qt)"].licence
    assert all(lib.version != "not found" and lib.licence != "unknown" for lib in libraries.values())


def test_licence_prefers_the_expression_then_a_short_field_then_the_classifier():
    class Meta(dict):
        def get_all(self, key):
            return self.get(key + "s")

    assert licence_of(Meta({"License-Expression": "MIT", "License": "long"})) == "MIT"
    assert licence_of(Meta({"License": "BSD-3-Clause"})) == "BSD-3-Clause"
    assert licence_of(Meta({"License": "Copyright...\nmany lines",
                            "Classifiers": ["License :: OSI Approved :: BSD License"]})) == "BSD License"


def test_help_about_shows_version_and_licences(window, messages):
    window.menu.about.trigger()
    [(kind, _title, text)] = messages
    assert kind == "about" and tracker.__version__ in text
    assert "Apache-2.0" in text and "matplotlib" in text
    assert about_html().count("<tr>") == len(BUNDLED) + 1

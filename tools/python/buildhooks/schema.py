"""Build hook: docs/model.cddl into the package as spikert_tools/model.cddl.

The schema has one copy, docs/model.cddl at the top of the repository; the installed
tools need it to validate every blob they write (spikert_tools.blob.schema_path). The
hook adds it to what hatchling packs, from the checkout (../../docs) or, when the wheel
is built from an sdist, from the sdist's top, where the sdist build put it. Nothing is
copied into the source tree."""

import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SchemaHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if version == "editable":  # the package runs from the checkout, beside docs/
            return
        checkout = os.path.join(self.root, "..", "..", "docs", "model.cddl")
        sdist = os.path.join(self.root, "model.cddl")
        source = checkout if os.path.isfile(checkout) else sdist
        if not os.path.isfile(source):
            raise RuntimeError(f"docs/model.cddl not found (looked at {checkout} and "
                               f"{sdist}); build from the repository checkout")
        target = "model.cddl" if self.target_name == "sdist" else "spikert_tools/model.cddl"
        build_data["force_include"][os.path.normpath(source)] = target

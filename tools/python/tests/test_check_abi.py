"""cross/check-abi.py must fail on every ABI break it promises to catch: a function
removed or changed without a new major version, a function declared but not listed.
Each case edits a copy of include/spikert.h and runs the checker on it."""
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHECKER = os.path.join(ROOT, "cross", "check-abi.py")
HEADER = os.path.join(ROOT, "include", "spikert.h")
LIST = os.path.join(ROOT, "include", "spikert.symbols")

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc -E")


def run(header, listing, *extra):
    return subprocess.run([sys.executable, CHECKER, "--header", str(header),
                           "--list", str(listing), *extra],
                          capture_output=True, text=True)


@pytest.fixture
def copies(tmp_path):
    header = tmp_path / "spikert.h"
    listing = tmp_path / "spikert.symbols"
    shutil.copy(HEADER, header)
    shutil.copy(LIST, listing)
    return header, listing


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def bump_major(header):
    text = header.read_text()
    number = int(re.search(r"#define SPK_VERSION_NUMBER (\d+)", text).group(1))
    header.write_text(text.replace(f"#define SPK_VERSION_NUMBER {number}",
                                   f"#define SPK_VERSION_NUMBER {number + 1_000_000}"))


def test_committed_list_matches_header(copies):
    r = run(*copies)
    assert r.returncode == 0, r.stderr


def test_removed_function_fails(copies):
    header, listing = copies
    edit(header, "spk_status spk_reset(spk_net *net);", "")
    r = run(header, listing)
    assert r.returncode == 1
    assert "spk_reset" in r.stderr and "major" in r.stderr
    assert run(header, listing, "--update").returncode == 1


def test_changed_prototype_fails(copies):
    header, listing = copies
    edit(header, "spk_status spk_step(spk_net *net, uint32_t ticks);",
         "spk_status spk_step(spk_net *net, uint64_t ticks);")
    r = run(header, listing)
    assert r.returncode == 1
    assert "spk_step changed" in r.stderr


def test_breaking_change_with_new_major_needs_update_then_passes(copies):
    header, listing = copies
    edit(header, "spk_status spk_reset(spk_net *net);", "")
    bump_major(header)
    assert run(header, listing).returncode == 1          # list still says the old major
    assert run(header, listing, "--update").returncode == 0
    assert run(header, listing).returncode == 0
    assert "spk_reset" not in listing.read_text()


def test_added_function_must_be_listed(copies):
    header, listing = copies
    edit(header, "spk_status spk_reset(spk_net *net);",
         "spk_status spk_reset(spk_net *net);\nspk_status spk_new_call(spk_net *net);")
    r = run(header, listing)
    assert r.returncode == 1 and "spk_new_call" in r.stderr
    assert run(header, listing, "--update").returncode == 0
    assert run(header, listing).returncode == 0


def archive(tmp_path, extra_c):
    """A libspikert.a stand-in: every listed function defined (empty), plus extra_c."""
    names = [l.split("\t")[0] for l in open(LIST) if l.strip() and not l.startswith("#")]
    src = tmp_path / "fake.c"
    src.write_text("".join(f"void {n}(void) {{}}\n" for n in names) + extra_c)
    obj = tmp_path / "fake.o"
    lib = tmp_path / "libfake.a"
    subprocess.run(["gcc", "-c", "-O0", "-fno-stack-protector", str(src), "-o", str(obj)], check=True)
    subprocess.run(["ar", "rcs", str(lib), str(obj)], check=True)
    return lib


def test_clean_archive_passes(tmp_path):
    r = run(HEADER, LIST, str(archive(tmp_path, "")))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("extra, message", [
    ("#include <stdlib.h>\nvoid *use(void) { return malloc(4); }\n", "undefined symbol malloc"),
    ("int not_in_the_list(void) { return 1; }\n", "unexpected global symbol not_in_the_list"),
    ("static void swift_retain(void) {}\nvoid (*keep)(void) = swift_retain;\n", "Swift runtime symbol swift_retain"),
])
def test_archive_breaking_a_rule_fails(tmp_path, extra, message):
    r = run(HEADER, LIST, str(archive(tmp_path, extra)))
    assert r.returncode == 1
    assert message in r.stderr

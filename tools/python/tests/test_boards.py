"""The board profiles in boards/: one format for the shell and for a plain reader.

Every profile must mean the same to `sh`'s `.` (the cross/ scripts) and to the reader
the daemon will have (split at the first `=`, drop one pair of double quotes), name
every documented key once and nothing else, and give a well-formed GPIO header map.
cross/board-profile.sh must accept all of them and refuse the ways a profile can go
wrong."""
import os
import re
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BOARDS = os.path.join(ROOT, "boards")
README = os.path.join(BOARDS, "README.md")
PROFILE_SH = os.path.join(ROOT, "cross", "board-profile.sh")

PROFILES = sorted(f for f in os.listdir(BOARDS)
                  if os.path.isfile(os.path.join(BOARDS, f)) and "." not in f)


def read_plain(path):
    """The reader a program without a shell uses: the whole format."""
    values = {}
    for line in open(path, encoding="ascii"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        key, value = line.split("=", 1)
        if value.startswith('"'):
            value = value[1:-1]
        values[key] = value
    return values


def documented_keys():
    """Keys in the tables of boards/README.md's "Keys" section, in order."""
    text = open(README, encoding="utf-8").read()
    section = text.split("## Keys", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z][A-Z0-9_]*)` +\|", section, re.M)


def test_there_are_profiles():
    for board in ("host", "rpi-zero", "rpi-zero-2w", "rpi3", "rpi4", "rpi5",
                  "visionfive2", "qemu-mps2-an386"):
        assert board in PROFILES


@pytest.mark.parametrize("board", PROFILES)
def test_shell_and_plain_reader_agree(board):
    path = os.path.join(BOARDS, board)
    plain = read_plain(path)
    keys = sorted(plain)
    # sh (dash) sources the file and prints each key's value, NUL-terminated
    script = '. "$1"; shift; for k in "$@"; do eval "printf \'%s\\0\' \\"\\$$k\\""; done'
    out = subprocess.run(["sh", "-c", script, "sh", path, *keys],
                         capture_output=True, check=True).stdout.decode("ascii")
    shell = dict(zip(keys, out.split("\0")[:-1]))
    assert shell == plain


@pytest.mark.parametrize("board", PROFILES)
def test_every_documented_key_once(board):
    path = os.path.join(BOARDS, board)
    keys = [line.split("=", 1)[0] for line in open(path, encoding="ascii")
            if line.strip() and not line.startswith("#")]
    assert len(keys) == len(set(keys)), "a key given twice"
    assert keys == documented_keys()
    assert read_plain(path)["ID"] == board


@pytest.mark.parametrize("board", PROFILES)
def test_values_use_the_restricted_alphabet(board):
    for line in open(os.path.join(BOARDS, board), encoding="ascii"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        key, value = line.split("=", 1)
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", key)
        assert (re.fullmatch(r"[A-Za-z0-9._,:/=+@%-]*", value)
                or re.fullmatch(r'"[A-Za-z0-9 ._,:/=+@%()-]*"', value)), line


@pytest.mark.parametrize("board", PROFILES)
def test_gpio_header_map(board):
    v = read_plain(os.path.join(BOARDS, board))
    if not v["GPIO_HEADER"]:
        assert not v["GPIO_CHIP_LABEL"] and not v["GPIO_CHIP_LINES"]
        return
    lines = int(v["GPIO_CHIP_LINES"])
    pairs = [tuple(map(int, item.split(":"))) for item in v["GPIO_HEADER"].split(" ")]
    pins = [p for p, _ in pairs]
    assert pins == sorted(set(pins)) and all(1 <= p <= 40 for p in pins)
    offsets = [o for _, o in pairs]
    assert len(set(offsets)) == len(offsets) and all(0 <= o < lines for o in offsets)
    # 40-pin header: 12 power and ground pins, 28 GPIOs
    assert len(pairs) == 28
    assert not set(pins) & {1, 2, 4, 6, 9, 14, 17, 20, 25, 30, 34, 39}


def test_raspberry_pi_header_is_bcm_numbering():
    """Pin -> BCM GPIO of the Pi's 40-pin header; the BCM number is the line offset."""
    expected = {3: 2, 5: 3, 7: 4, 8: 14, 10: 15, 11: 17, 12: 18, 13: 27, 15: 22, 16: 23,
                18: 24, 19: 10, 21: 9, 22: 25, 23: 11, 24: 8, 26: 7, 27: 0, 28: 1, 29: 5,
                31: 6, 32: 12, 33: 13, 35: 19, 36: 16, 37: 26, 38: 20, 40: 21}
    labels = {"rpi-zero": "pinctrl-bcm2835", "rpi2": "pinctrl-bcm2835",
              "rpi-zero-2w": "pinctrl-bcm2835", "rpi3": "pinctrl-bcm2835",
              "rpi4": "pinctrl-bcm2711", "rpi5": "pinctrl-rp1"}
    for board, label in labels.items():
        v = read_plain(os.path.join(BOARDS, board))
        got = dict(tuple(map(int, i.split(":"))) for i in v["GPIO_HEADER"].split(" "))
        assert got == expected, board
        assert v["GPIO_CHIP_LABEL"] == label, board


def load(path):
    return subprocess.run(["bash", "-c", 'source "$0"; board_load "$1"', PROFILE_SH, str(path)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("board", PROFILES)
def test_board_profile_sh_accepts(board):
    r = load(os.path.join(BOARDS, board))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("change, message", [
    (("NAME=", "NAME=two words #"), "NAME: value must be bare"),
    (("NAME=", "NAME=$(id)#"), "NAME: value must be bare"),
    (("CFLAGS=-mcpu=cortex-a72", 'CFLAGS="`id`"'), "CFLAGS: value must be bare"),
    (("SOC=BCM2711", "SOC=BCM2711\nSOC=BCM2712"), "SOC given twice"),
    (("SOC=BCM2711", "SOC=BCM2711\nCOLOR=red"), "unknown key COLOR"),
    (("SOC=BCM2711\n", ""), "missing key SOC"),
    (("ID=rpi4", "ID=rpi9"), "not the file's name"),
    (("KIND=linux", "KIND=rtos"), "KIND must be"),
    (("SYSROOT=/usr/aarch64-linux-gnu", "SYSROOT="), "needs SYSROOT"),
    (("CC=aarch64-linux-gnu-gcc", "CC=gcc"), "is not aarch64-linux-gnu's"),
    (('GPIO_HEADER="3:2 5:3', 'GPIO_HEADER="5:3 3:2'), "out of order"),
    (('GPIO_HEADER="3:2', 'GPIO_HEADER="3:58'), "not below GPIO_CHIP_LINES"),
    (('GPIO_HEADER="3:2 5:3', 'GPIO_HEADER="3:2 5:2'), "line 2 on two pins"),
    (("GPIO_CHIP_LABEL=pinctrl-bcm2711", "GPIO_CHIP_LABEL="), "needs GPIO_CHIP_LABEL"),
    (("  ", "  "), None),  # unchanged: accepted
])
def test_board_profile_sh_refuses(tmp_path, change, message):
    text = open(os.path.join(BOARDS, "rpi4"), encoding="ascii").read()
    old, new = change
    if old.strip():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "rpi4"
    path.write_text(text)
    r = load(path)
    if message is None:
        assert r.returncode == 0, r.stderr
    else:
        assert r.returncode != 0 and message in r.stderr, r.stderr

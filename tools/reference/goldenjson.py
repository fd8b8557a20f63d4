"""Stable, diff-friendly JSON layout for golden cases.

Objects whose values are all scalars, scalar lists or flat objects go on one line;
lists of short integer tuples (spike / input triples) are packed several per line;
lists of longer rows (membrane traces, decoder values) get one row per line.
The output is plain JSON and byte-identical for identical input.
"""

import json

LINE = 100


def _is_scalar(x):
    return x is None or isinstance(x, (bool, int, float, str))


def _is_flat(x):
    if _is_scalar(x):
        return True
    if isinstance(x, list):
        return all(_is_scalar(e) for e in x)
    if isinstance(x, dict):
        return all(_is_scalar(v) for v in x.values())
    return False


def _inline(x):
    if _is_scalar(x):
        return json.dumps(x)
    if isinstance(x, list):
        if all(type(e) is int for e in x):  # fast path for integer lists
            return "[" + ",".join(map(str, x)) + "]"
        return "[" + ",".join(_inline(e) for e in x) + "]"
    return "{" + ", ".join(json.dumps(k) + ": " + _inline(v) for k, v in x.items()) + "}"


def _fmt(x, ind):
    pad = "  " * (ind + 1)
    end = "  " * ind
    if isinstance(x, dict):
        if all(_is_flat(v) for v in x.values()) and not any(
                isinstance(v, dict) or (isinstance(v, list) and len(v) > 16)
                for v in x.values()) and len(_inline(x)) <= LINE:
            return _inline(x)
        if not x:
            return "{}"
        items = [pad + json.dumps(k) + ": " + _fmt(v, ind + 1) for k, v in x.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(x, list):
        if not x:
            return "[]"
        if all(_is_scalar(e) for e in x):
            return _inline(x)
        if all(isinstance(e, dict) and all(_is_flat(v) for v in e.values()) for e in x):
            return "[\n" + ",\n".join(pad + _inline(e) for e in x) + "\n" + end + "]"
        if all(isinstance(e, list) and all(_is_scalar(v) for v in e) for e in x):
            if max(len(e) for e in x) <= 4:
                lines, cur = [], ""
                for e in x:
                    s = _inline(e)
                    if cur and len(pad) + len(cur) + 1 + len(s) > LINE:
                        lines.append(cur)
                        cur = s
                    else:
                        cur = cur + "," + s if cur else s
                lines.append(cur)
                return "[\n" + ",\n".join(pad + ln for ln in lines) + "\n" + end + "]"
            return "[\n" + ",\n".join(pad + _inline(e) for e in x) + "\n" + end + "]"
        return "[\n" + ",\n".join(pad + _fmt(e, ind + 1) for e in x) + "\n" + end + "]"
    return json.dumps(x)


def dumps(obj):
    return _fmt(obj, 0) + "\n"

"""Finds and binds libentracheck.so (the C API of entracheck_c.h) with ctypes.

Where the library is looked for, in order:

1. the path in the environment variable ENTRACHECK_LIBRARY;
2. beside this package as installed or in the source tree: ``lib/``, ``lib/<multiarch>/`` and
   ``build/lib/`` under each of the package's parent directories (an install prefix, or the
   repository with its ``build/`` directory);
3. the system's dynamic loader (``/usr/lib``, ``LD_LIBRARY_PATH``, ``ldconfig``).
"""

import ctypes
import os
import sysconfig
from pathlib import Path

SONAME = "libentracheck.so.0"


class Options(ctypes.Structure):
    _fields_ = [
        ("max_response_bytes", ctypes.c_uint64),
        ("max_claims_bytes", ctypes.c_uint64),
        ("timeout_ms", ctypes.c_uint32),
        ("expected_nonce", ctypes.c_char_p),
        ("relaxed_rules", ctypes.c_char_p),
        ("engine", ctypes.c_int),
    ]


def _candidates():
    configured = os.environ.get("ENTRACHECK_LIBRARY")
    if configured:
        yield Path(configured)
        return
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    here = Path(__file__).resolve().parent
    for parent in list(here.parents)[:5]:
        for sub in ("lib", "lib/" + multiarch if multiarch else None, "build/lib"):
            if sub:
                yield parent / sub / SONAME


def _load():
    tried = []
    for path in _candidates():
        tried.append(str(path))
        if path.is_file():
            return ctypes.CDLL(str(path))
    if os.environ.get("ENTRACHECK_LIBRARY"):
        raise OSError("ENTRACHECK_LIBRARY names " + tried[0] + ", which does not exist")
    try:
        return ctypes.CDLL(SONAME)
    except OSError:
        raise OSError(
            "libentracheck.so not found: build entracheck (scripts/build.sh) or install it "
            "(scripts/install.sh), or set ENTRACHECK_LIBRARY to the library's path; looked in "
            + ", ".join(tried) + " and the system's library path") from None


def _bind(lib):
    c = ctypes
    P = c.c_void_p
    sigs = {
        "entracheck_version": (c.c_char_p, []),
        "entracheck_status_string": (c.c_char_p, [c.c_int]),
        "entracheck_event_name": (c.c_char_p, [c.c_int]),
        "entracheck_event_from_name": (c.c_int, [c.c_char_p]),
        "entracheck_infer_event": (c.c_int, [c.c_char_p, c.c_size_t]),
        "entracheck_options_init": (None, [c.POINTER(Options)]),
        "entracheck_checker_new_event": (c.c_int, [c.c_int, c.POINTER(Options), c.POINTER(P), c.POINTER(P)]),
        "entracheck_checker_free": (None, [P]),
        "entracheck_check": (c.c_int, [P, c.c_int, c.c_char_p, c.c_char_p, c.c_size_t, c.c_int64, c.c_int,
                                       c.POINTER(P)]),
        "entracheck_check_http": (c.c_int, [P, c.c_char_p, c.c_size_t, c.c_int64, c.c_int, c.POINTER(P),
                                            c.POINTER(P)]),
        "entracheck_verdict_free": (None, [P]),
        "entracheck_verdict_json": (P, [P, c.POINTER(c.c_size_t)]),
        "entracheck_string_free": (None, [P]),
    }
    for name, (restype, argtypes) in sigs.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


lib = _bind(_load())

"""Run the 1EdTech OB 2.0 validator (PyPI ``openbadges`` 1.1.2, openbadges-validator-core) on
one input and print its JSON report. Runs in its OWN virtualenv (it pins PyLD 0.7.1, jsonschema
2.6, pycryptodome 3.6.6 — incompatible with the project's); see docs/interop.md.

Usage: python ob2_validate.py <assertion URL or baked image path>

No internet: the OB 2.0 context URL is answered from the copy the validator bundles; every
other URL (our live test server) is fetched normally.
"""

import collections
import collections.abc
import json
import sys

# The validator predates Python 3.10: its dependencies import these from ``collections``.
for _name in ("Mapping", "MutableMapping", "Iterable", "Sequence", "Callable", "Hashable"):
    setattr(collections, _name, getattr(collections.abc, _name))

import requests  # noqa: E402
from openbadges import verify  # noqa: E402
from openbadges.verifier.openbadges_context import (  # noqa: E402
    OPENBADGES_CONTEXT_V2_DICT,
    OPENBADGES_CONTEXT_V2_URI,
)
from requests.adapters import HTTPAdapter  # noqa: E402

_send = HTTPAdapter.send


def _send_offline(self, request, **kwargs):
    if request.url.rstrip("/") == OPENBADGES_CONTEXT_V2_URI:
        response = requests.Response()
        response.status_code = 200
        response.url = request.url
        response.headers["Content-Type"] = "application/ld+json"
        response._content = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode()
        response.request = request
        return response
    if not request.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise requests.ConnectionError(f"offline: {request.url}")
    return _send(self, request, **kwargs)


HTTPAdapter.send = _send_offline

target = sys.argv[1]
if target.startswith("http"):
    report = verify(target, use_cache=False)
else:
    with open(target, "rb") as image:
        report = verify(image, use_cache=False)
print(json.dumps(report, indent=2, default=str))

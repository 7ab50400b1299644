"""cryo-check: is cancer cryotherapy commonly considered, according to patient documents?

General information, not medical advice. The package keeps its import cheap: nothing here
imports rich, PyYAML or pydantic, so ``cryo-check --help`` and ``--version`` stay fast.
"""

__version__ = "0.1.0"
#: The version of the JSON documents' schemas (``cryo-check schema NAME``), carried by each
#: document as ``schema_version``: it changes whenever a key is added, removed or changes meaning.
SCHEMA_VERSION = 4

DISCLAIMER = (
    "This is general information drawn from patient-information documents, not medical advice. "
    "Whether cryotherapy suits a particular person is a decision for their doctor and "
    "care team: consult your doctor."
)
#: The narrowest text output is laid out: a terminal narrower than this wraps it. (At a
#: width of 0 or 1, rich would print nothing, not even the disclaimer.)
MIN_WIDTH = 40
#: The widest: a larger $COLUMNS (up to 10**20 was tried) is laid out this wide, so no width
#: makes rich overflow or pad a line to gigabytes.
MAX_WIDTH = 1_000
#: Carried by every row of a batch result, so that no exported row is without it.
SHORT_DISCLAIMER = "General information, not medical advice: consult your doctor."

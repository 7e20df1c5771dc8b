"""`python -m docfiler`: the CLI. A Ctrl-C while the CLI is still being imported gives the
same one Chinese line and exit code as one during a command, never a traceback."""

import gc
import sys

gc.disable()  # until the office is open (docfiler.queries.bulk.collector_back_on)
try:
    from docfiler.resident import delegate

    code = delegate(sys.argv[1:])  # a command, run by the resident process (docfiler.resident)
    if code is None:
        from docfiler.cli.root import run
except KeyboardInterrupt:
    import os

    from docfiler.errors import INTERRUPTED, INTERRUPTED_EXIT_CODE

    print(INTERRUPTED, file=sys.stderr, flush=True)
    os._exit(INTERRUPTED_EXIT_CODE)

if code is not None:
    sys.exit(code)
run()

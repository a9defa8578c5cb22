import signal

# Held from the first line: terminate_cleanly installs the handlers, then lets in a signal that
# came meanwhile, so that a signal at any instant of a run gets the documented answer.
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})

import sys  # noqa: E402

from pipeline.cli.main import main  # noqa: E402

sys.exit(main())

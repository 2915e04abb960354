"""`python -m hangup.cli`, the same as the `hangup` command."""

from hangup.cli._main import main

raise SystemExit(main())

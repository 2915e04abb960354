"""`hangup vendors [--json]`: every vendor hangup knows, its base URL, whether a key is set,
and whether `hangup sweep` can list its sessions (VectorShift documents no list: it cannot)."""

from __future__ import annotations

import argparse
from typing import Any

from hangup._client import Hangup
from hangup.cli._options import client_options
from hangup.cli._output import EXIT_OK, print_json

__all__ = ["add_vendors_command"]


def add_vendors_command(commands: Any) -> None:
    """Add `vendors` to the `hangup` parser's subcommands."""
    vendors = commands.add_parser("vendors", help="list vendors, base URLs, whether a key is set")
    vendors.add_argument("--json", action="store_true", help="one JSON object per vendor")
    vendors.set_defaults(command="vendors", run=_vendors)


def _vendors(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    client = Hangup(ledger=False, **client_options(args))
    for name, settings in client.vendors.items():
        if args.json:
            record = {
                "vendor": name,
                "base_url": settings.base_url,
                "key_set": settings.has_key,
                "key_env": settings.api_key_env,
                "sweepable": settings.vendor.sweepable,
            }
            print_json(record)
        else:
            key = "yes" if settings.has_key else "no"
            env = settings.api_key_env
            sweep = "yes" if settings.vendor.sweepable else "no (it documents no session list)"
            print(f"{name:<12} {settings.base_url:<40} key set: {key:<3} ({env})  sweep: {sweep}")
    return EXIT_OK

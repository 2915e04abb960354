"""HANGUP_LOG=debug|info|warning: let hangup's logger speak, for library users and the CLI alike.

Done the way openai-python reads OPENAI_LOG: when the variable is set, `logging.basicConfig`
gives the root logger a stderr handler (a no-op when the application already configured
logging: its handlers are left alone), and the `hangup` and `httpx` loggers get the level.
Read when a client is made and when the CLI starts; unset, nothing is touched.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

__all__ = ["LEVELS", "configure_from_env"]

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_FORMAT = "[%(asctime)s - %(name)s - %(levelname)s] %(message)s"
logger = logging.getLogger("hangup")


def configure_from_env(env: Mapping[str, str]) -> None:
    """Apply HANGUP_LOG from `env`, if it is set (an unknown value is ignored, with a warning)."""
    value = env.get("HANGUP_LOG")
    if not value:
        return
    level = LEVELS.get(value.strip().lower())
    if level is None:
        # The value itself is not repeated: whatever was typed there is not ours to print.
        logger.warning("HANGUP_LOG must be one of debug, info, warning: ignored")
        return
    logging.basicConfig(format=_FORMAT, datefmt="%Y-%m-%d %H:%M:%S")
    logger.setLevel(level)
    if level <= logging.INFO:
        logging.getLogger("httpx").setLevel(level)

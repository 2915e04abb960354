"""One Prism mock per vendor for the whole contract session, started once and always stopped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts.servers.mocks import running_mocks


@pytest.fixture(scope="session")
def mock_base_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """{vendor: base URL} of the running mocks. Without Node this errors, naming what to install:
    the contract suite is never skipped in silence."""
    with running_mocks(work_dir=tmp_path_factory.mktemp("prism")) as base_urls:
        yield base_urls

import pytest

from scripts.spec.doc_slices import NoOpenAPISlice, extract_openapi_slice

PAGE = (
    b"# Title\n\n## OpenAPI\n\n````yaml api.json POST /x\nopenapi: 3.1.0\ninfo: {}\n\n````\nprose\n"
)


def test_the_slice_is_the_fenced_bytes_exactly() -> None:
    assert extract_openapi_slice(PAGE) == b"openapi: 3.1.0\ninfo: {}\n\n"


def test_a_page_without_a_fence_is_refused() -> None:
    with pytest.raises(NoOpenAPISlice, match="no ````yaml fence"):
        extract_openapi_slice(b"# just prose\n")


def test_an_unclosed_fence_is_refused() -> None:
    with pytest.raises(NoOpenAPISlice, match="never closed"):
        extract_openapi_slice(b"````yaml\nopenapi: 3.1.0\n")


def test_a_fence_that_is_not_openapi_is_refused() -> None:
    with pytest.raises(NoOpenAPISlice, match="not an OpenAPI"):
        extract_openapi_slice(b"````yaml\nfoo: bar\n````\n")

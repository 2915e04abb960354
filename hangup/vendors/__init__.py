"""One module per vendor: everything hangup knows about that vendor, and nothing else.

Each public module here defines `VENDOR` (hangup._registry.Vendor): its ref shape, default
base URL, the adapter that builds its end call with the generated client's `_get_kwargs`
and reads the answer, and the door behind `client.<vendor>`. hangup._registry finds them by
listing this package, so adding a module here is what adds a vendor. `_base` is what they
share.
"""

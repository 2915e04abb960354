"""Local servers on 127.0.0.1 that stand in for the vendors, for tests, the demo and benchmarks.

mocks runs one Stoplight Prism per vendor (prism_log reads what each one saw); sse_stub serves
VectorShift's streamed chat, which Prism cannot; local_vendor answers every vendor's end call
and counts them. Each server runs alone: python -m scripts.servers.NAME --help.
"""

"""One adapter module per vendor, each behind hangup.vendors.base.VendorAdapter.

Modules here import their generated client at the top, so they are imported only through
hangup.registry, when a client first talks to that vendor.
"""

"""Spec handling: what specs/ holds, checked, and turned into generated/.

Provenance of the vendored bytes (provenance), overlays and the effective document every
consumer reads (overlay, effective_spec, doc_slices), validation of those documents and of
traffic against them (validate, openapi_validation), and generation with its drift gate
(generate, generator_templates/, check_generated). Each command: python -m scripts.spec.NAME.
"""

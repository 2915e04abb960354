"""Build-time tools for hangup: spec vendoring, generation, drift. Not shipped."""

"""hangup: end any conversational-AI vendor's session the same way."""

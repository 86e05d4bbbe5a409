"""Problem lists and rectification (问题清单/整改台账)."""

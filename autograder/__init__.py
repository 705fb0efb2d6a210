"""Auto-graded exercises for Deep Learning from Scratch, chapters 3 and 4."""
__version__ = "0.1.0"

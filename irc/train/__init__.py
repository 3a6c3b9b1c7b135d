"""Training: optimizer updates written as nn functions (`optimizers.py`)."""

"""Training: optimizer updates written as nn functions (`optimizers.py`) and a training
step as one nn function, the loss's gradient from the autodiff pass followed by the
updates (`step.py`), for irc.jit to run with the parameters donated."""

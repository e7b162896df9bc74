"""juesuan: department final-accounts (部门决算) reports from data, with every figure consistent."""

__version__ = "0.1.0"

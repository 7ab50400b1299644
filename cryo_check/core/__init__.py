"""The core: questions, names, the rule set, the engine, explanations and the report.

Standard library only; it imports nothing from the other layers (tests/test_layers.py).
"""

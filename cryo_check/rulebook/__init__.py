"""The rule book: reading rule folders safely, their models and validation, the compiled
shipped rules, and loading a rule set."""

"""The rules, one module each and nothing else; `checks.registry.RULE_MODULES` lists them in report order."""

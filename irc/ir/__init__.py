"""The core data model: types, attributes, locations, operations, diagnostics."""

"""saveplan: write, check and run save plans for accounts at risk of not renewing."""

__version__ = "0.1.0"

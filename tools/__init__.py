"""Maintainer tools for the kit (not part of the crmkit package)."""

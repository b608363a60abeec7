"""balance-check serve: the local web page where county staff upload their workbooks."""

from .app import create_app

__all__ = ["create_app"]

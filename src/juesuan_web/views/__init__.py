"""The pages of the web app, one module per area; each lists its routes in ``ROUTES``."""

from __future__ import annotations

from juesuan_web.framework import Page
from juesuan_web.views import (
    account,
    admin,
    auditlog,
    auth,
    department,
    exports,
    inbox,
    notices,
    openapi,
    public,
    review,
    settings,
    units,
    versions,
)

MODULES = [
    auth,
    versions,
    units,
    review,
    department,
    public,
    admin,
    auditlog,
    settings,
    exports,
    account,
    openapi,
    inbox,
    notices,
]


def all_pages() -> list[Page]:
    return [page for module in MODULES for page in module.ROUTES]

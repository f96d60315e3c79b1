"""The browser and SMTP fixtures for the end-to-end tests.

pytest refuses ``pytest_plugins`` outside the root conftest, so until the root one lists
``openecf.testing.smtp`` and ``openecf.testing.browser`` the fixtures are imported here.
"""

from openecf.testing.browser import chromium_browser, new_page, page, site_url
from openecf.testing.smtp import smtp_server

__all__ = ["chromium_browser", "new_page", "page", "site_url", "smtp_server"]

"""Settings, split by concern; every value comes from the environment with an embedded default."""

from openecf.settings.billing import *  # noqa: F403
from openecf.settings.cache import *  # noqa: F403
from openecf.settings.database import *  # noqa: F403
from openecf.settings.django import *  # noqa: F403
from openecf.settings.filing import *  # noqa: F403
from openecf.settings.logging import *  # noqa: F403
from openecf.settings.mail import *  # noqa: F403
from openecf.settings.queue import *  # noqa: F403
from openecf.settings.ratelimit import *  # noqa: F403
from openecf.settings.reports import *  # noqa: F403
from openecf.settings.security import *  # noqa: F403
from openecf.settings.storage import *  # noqa: F403

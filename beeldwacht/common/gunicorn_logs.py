"""gunicorn's own lines (started, worker restarted, timeout) in the form of Beeldwacht's
other log lines (common.logs), so one reader takes the whole log."""

from django.conf import settings
from gunicorn.glogging import Logger

from beeldwacht.common.logs import formatter


class GunicornLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter(settings.LOG_FORMAT))

"""One log line per request for the operator, instead of the proxy's or gunicorn's access
log: method, route, status and milliseconds. The route is the URL pattern
(`ik/<uuid:public_id>/publicaties/`), so the line says which page was slow or failing, never
whose page it was; query strings (a search for a pupil's name) are not logged at all."""

import logging
import time

from django.conf import settings

logger = logging.getLogger("beeldwacht.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None:
            route = match.route or match.view_name
        elif request.path.startswith(settings.STATIC_URL):
            route = "static"
        else:
            route = "-"
        logger.info(
            "%s %s %d",
            request.method,
            route,
            response.status_code,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response

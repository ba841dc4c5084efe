"""Headers on every response that Django's security middleware does not set."""

# No page of Beeldwacht uses the camera, microphone, location or payment APIs of the browser
# (photos come in as files): nothing embedded in a page may ask for them either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

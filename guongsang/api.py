"""The project's REST API: every app's router mounted under ``/api/v1/``."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from guongsang.accounts.api import router as auth_router
from guongsang.awards.api import decisions_router, recognitions_router, verify_router
from guongsang.awards.api import router as awards_router
from guongsang.books.api import router as books_router
from guongsang.contest.api import router as contest_router
from guongsang.core.api import (
    AUTH,
    GuongSangAPI,
    declare_error_responses,
    error_response,
    install_error_handlers,
)
from guongsang.councils.api import councils_router, sessions_router
from guongsang.discovery.api import public_router as public_tips_router
from guongsang.movements.api import router as movements_router
from guongsang.nominations.api import router as nominations_router
from guongsang.nominees.api import router as nominees_router
from guongsang.orgs.api import router as orgs_router
from guongsang.stories.api import press_router, search_router, weekly_router
from guongsang.stories.api import public_router as public_stories_router
from guongsang.stories.api import router as stories_router
from guongsang.targets.api import router as targets_router

api = GuongSangAPI(
    title="Gương Sáng API",
    version="1.0.0",
    description=(
        "API của nền tảng Gương Sáng. Lấy mã truy cập bằng `POST /api/v1/auth/token`, "
        'rồi gửi `Authorization: Bearer <mã>`. Mọi lỗi trả về JSON `{"code", "message"}`.'
    ),
    auth=AUTH,
    urls_namespace="api-1.0.0",
)
install_error_handlers(api)
ROUTERS = [
    ("/auth/", auth_router),
    ("/orgs/", orgs_router),
    ("/nominees/", nominees_router),
    ("/movements/", movements_router),
    ("/award-types/", awards_router),
    ("/nominations/", nominations_router),
    ("/contests/", contest_router),
    ("/councils/", councils_router),
    ("/council-sessions/", sessions_router),
    ("/decisions/", decisions_router),
    ("/recognitions/", recognitions_router),
    ("/public/verify/", verify_router),
    ("/stories/", stories_router),
    ("/public/stories/", public_stories_router),
    ("/search", search_router),
    ("/weekly-selections/", weekly_router),
    ("/press-coverage/", press_router),
    ("/books/", books_router),
    ("/public/", public_tips_router),
    ("/targets/", targets_router),
]
for prefix, router in ROUTERS:
    declare_error_responses(router)
    api.add_router(prefix, router)


@csrf_exempt
def not_found(request, path: str = "") -> JsonResponse:
    """Unknown paths under /api/v1/ answer in the API's error format, not with an HTML page.

    Exempt from CSRF, as the API's own views are: a POST with a session cookie to an unknown
    path would otherwise get Django's HTML "CSRF verification failed" page instead of a 404."""
    return error_response(404, "not_found", "Không tìm thấy địa chỉ API này.")

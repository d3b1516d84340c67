"""/docs: Swagger UI served from the swagger-ui-bundle package, never from a CDN.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script, which the server's
Content-Security-Policy forbids; this page loads the bundle from /docs/assets and starts it from
/static/docs.js. Without the package, /docs is a plain page that links the OpenAPI description.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

from .errors import NotFoundError

WEB = Path(__file__).parent / "web"
ASSETS = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript",
          "favicon-32x32.png": "image/png", "favicon-16x16.png": "image/png"}

FALLBACK = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kgqa — API</title></head>
<body><h1>kgqa API</h1>
<p>The API is described in <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1); load it into any OpenAPI viewer.
Install the <code>swagger-ui-bundle-v2</code> package to browse it here.</p>
<p>Endpoints: <code>/ask</code>, <code>/entities</code>, <code>/sparql</code>, <code>/graph</code>,
<code>/health</code>.</p>
</body></html>"""


def swagger_ui_folder() -> Path | None:
    """The folder of Swagger UI's files in the installed swagger-ui-bundle package, if there is one."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    folder = Path(str(swagger_ui_path))
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def add_docs(app: FastAPI) -> None:
    """Add /docs and /docs/assets/{name} to `app` (made with docs_url=None, redoc_url=None)."""
    folder = swagger_ui_folder()

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        if folder is None:
            return HTMLResponse(FALLBACK)
        return FileResponse(WEB / "docs.html", media_type="text/html")

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> Response:
        if folder is None or name not in ASSETS:
            raise NotFoundError(f"no docs asset {name!r}", hint=f"assets: {', '.join(ASSETS)}")
        return FileResponse(folder / name, media_type=ASSETS[name],
                            headers={"Cache-Control": "public, max-age=86400"})

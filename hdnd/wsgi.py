import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
application = get_wsgi_application()

# WeasyPrint and the documents' fonts load with the application (in gunicorn's master with
# --preload, else in each worker as it boots), not on a user's first PDF (core.pdf.pdf_warm).
from core.pdf import pdf_warm  # noqa: E402 - needs the settings configured above

pdf_warm()

from django.conf import settings
from django.contrib import admin

admin.site.site_header = settings.JURISDICTION["department_name"]
admin.site.site_title = settings.JURISDICTION["department_name"]

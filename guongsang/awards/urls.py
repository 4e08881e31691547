from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:award_type_id>/", views.detail, name="detail"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/du-thao/", views.decision_draft, name="decision_draft"),
    path("quyet-dinh/<int:decision_id>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:decision_id>/ho-so/<int:item_id>/", views.decision_item, name="decision_item"),
    path("quyet-dinh/<int:decision_id>/ky/", views.decision_sign, name="decision_sign"),
    path("quyet-dinh/<int:decision_id>/quyet-dinh.docx", views.decision_docx, name="decision_docx"),
    path("so-khen-thuong/", views.registry, name="registry"),
    path("so-khen-thuong/xuat-excel/", views.registry_export, name="registry_export"),
    path("so-khen-thuong/<int:recognition_id>/", views.recognition_detail, name="recognition"),
    path("so-khen-thuong/<int:recognition_id>/chung-nhan.pdf", views.certificate, name="certificate"),
    path("so-khen-thuong/<int:recognition_id>/thu-hoi/", views.revoke, name="revoke"),
    path("so-khen-thuong/<int:recognition_id>/de-nghi-cap-tren/", views.propose, name="propose"),
]

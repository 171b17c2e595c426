app_name = "engagements"

urlpatterns: list = []

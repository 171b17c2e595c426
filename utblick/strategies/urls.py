app_name = "strategies"

urlpatterns: list = []

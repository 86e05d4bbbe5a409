app_name = "selfreport"
urlpatterns: list = []

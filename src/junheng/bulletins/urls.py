app_name = "bulletins"
urlpatterns: list = []

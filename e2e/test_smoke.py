def test_login_page(anonymous_page):
    anonymous_page.goto("/accounts/login/")
    assert anonymous_page.get_by_label("Tên đăng nhập").is_visible()

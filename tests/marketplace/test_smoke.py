def test_home_page_renders(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chuyển đổi số".lower() in response.content.decode().lower() or b"search" in response.content


def test_enterprise_factory_computes_size(enterprise):
    assert enterprise.size_class == "small"

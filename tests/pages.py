"""What a visitor sees when a page is refused: the polite error page, and nothing it hides."""


def _text(response) -> str:
    return response.content.decode()


def assert_not_found(response, *hidden: str, heading: str = "Siden findes ikke") -> None:
    """Tinget's own 404 page in Danish (not a bare error), holding none of `hidden`."""
    assert response.status_code == 404
    text = _text(response)
    assert f"<h1>{heading}</h1>" in text, text[:300]
    for word in hidden:
        assert word not in text


def assert_access_denied(response, *hidden: str) -> None:
    """Tinget's own 403 page in Danish, holding none of `hidden`."""
    assert response.status_code == 403
    text = _text(response)
    assert "<h1>Ingen adgang</h1>" in text, text[:300]
    for word in hidden:
        assert word not in text


def assert_link_not_working(response, *hidden: str) -> None:
    """The registrant's page for a personal link that no longer (or never did) work."""
    assert_not_found(response, *hidden, heading="Linket virker ikke")

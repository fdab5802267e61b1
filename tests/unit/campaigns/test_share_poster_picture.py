"""The share poster draws only the shop's own uploads: a remote address, a path out of the media folder or a
file that is not a picture gives the placeholder, so drawing a poster never asks another host for anything."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from shoal.campaigns.sharing.poster import local_picture


def test_only_local_media_pictures_are_drawn(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    Image.new("RGB", (4, 4), "red").save(media / "a.png")
    (media / "notes.txt").write_text("x")
    Image.new("RGB", (4, 4), "blue").save(tmp_path / "secret.png")
    assert local_picture(media, "/media/a.png") is not None
    for url in ("https://cdn.example/a.png", "/media/../secret.png", "/media/notes.txt", "/media/none.png", None):
        assert local_picture(media, url) is None
